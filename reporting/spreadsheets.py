"""Excel lists in the layout offices send upward, from plain rows (openpyxl)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TIMES = "Times New Roman"


def official_list_xlsx(
    *, heading: list[str], header: list[str], rows: list[list], widths: list[float]
) -> bytes:
    """A titled table: heading lines centred and bold above a bordered table with a bold header row,
    wrapped text and the column widths given (in characters)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    last_column = get_column_letter(len(header))
    for index, line in enumerate(heading, start=1):
        sheet.merge_cells(f"A{index}:{last_column}{index}")
        cell = sheet.cell(row=index, column=1, value=line)
        cell.font = Font(name=TIMES, bold=True, size=13 if index == 1 else 12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_row = len(heading) + 2
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(name=TIMES, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    # Body cells take one of two named styles: setting font, alignment and border one by one makes
    # openpyxl hash each style again for every cell, most of a 1,000-row export's time.
    centred, left = (
        NamedStyle(
            name=f"Danh sách – {name}",
            font=Font(name=TIMES, size=12),
            alignment=Alignment(vertical="top", wrap_text=True, horizontal=horizontal),
            border=BORDER,
        )
        for name, horizontal in (("giữa", "center"), ("trái", "left"))
    )
    workbook.add_named_style(centred)
    workbook.add_named_style(left)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=header_row + offset, column=column, value=value)
            cell.style = centred.name if column == 1 else left.name
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
