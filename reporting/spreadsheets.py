"""Excel lists in the layout offices send upward, from plain rows (openpyxl, write-only).

The workbook is written in openpyxl's write-only mode: rows are taken one by one from any iterable and
sent to the sheet's XML stream, so memory does not grow with the number of rows (50,000 nominations
stay within the office's bounded-export budget). Every cell goes through `text_cell`, which keeps user
text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) as plain text."""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TIMES = "Times New Roman"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """Keep a cell's user text as text: openpyxl stores any string starting with "=" as a formula, and
    spreadsheets run text starting with "+", "-", "@", tab or CR as one (formula/DDE injection). Every
    export passes each cell written from user data through here; returns the cell."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
    return cell


def text_cell(sheet, value, style: str | None = None) -> WriteOnlyCell:
    """A write-only cell for `value`, kept as text when it looks like a formula (`as_text`). Empty text
    is an empty (but still styled) cell."""
    if value == "":
        value = None
    cell = as_text(WriteOnlyCell(sheet, value=value))
    if style:
        cell.style = style
    return cell


def _named_style(name: str, **kwargs) -> NamedStyle:
    return NamedStyle(name=name, **kwargs)


def official_list_xlsx(
    *, heading: list[str], header: list[str], rows: Iterable[list], widths: list[float]
) -> bytes:
    """A titled table: heading lines centred and bold above a bordered table with a bold header row,
    wrapped text and the column widths given (in characters). `rows` may be any iterable (a generator
    of 50,000 rows is consumed one row at a time)."""
    buffer = io.BytesIO()
    write_official_list(buffer, heading=heading, header=header, rows=rows, widths=widths)
    return buffer.getvalue()


def write_official_list(
    target, *, heading: list[str], header: list[str], rows: Iterable[list], widths: list[float]
) -> None:
    """Write the list to `target` (a path or a binary file object)."""
    write_tables(target, [SheetTable("Danh sách", heading, header, rows, widths)])


@dataclass
class SheetTable:
    """One sheet of a workbook: heading lines above a bordered table."""

    name: str
    heading: list[str]
    header: list[str]
    rows: Iterable[list]
    widths: list[float]


def tables_xlsx(sheets: list[SheetTable]) -> bytes:
    """A workbook of several titled tables, one per sheet, in the same layout as `official_list_xlsx`."""
    buffer = io.BytesIO()
    write_tables(buffer, sheets)
    return buffer.getvalue()


def _styles() -> dict[str, NamedStyle]:
    # Cells take named styles: one style record per kind of cell instead of one per cell.
    return {
        "title": _named_style(
            "Danh sách – tiêu đề",
            font=Font(name=TIMES, bold=True, size=13),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        "subtitle": _named_style(
            "Danh sách – tiêu đề phụ",
            font=Font(name=TIMES, bold=True, size=12),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        "header": _named_style(
            "Danh sách – đầu bảng",
            font=Font(name=TIMES, bold=True, size=12),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=BORDER,
        ),
        "centred": _named_style(
            "Danh sách – giữa",
            font=Font(name=TIMES, size=12),
            alignment=Alignment(vertical="top", wrap_text=True, horizontal="center"),
            border=BORDER,
        ),
        "left": _named_style(
            "Danh sách – trái",
            font=Font(name=TIMES, size=12),
            alignment=Alignment(vertical="top", wrap_text=True, horizontal="left"),
            border=BORDER,
        ),
    }


def write_tables(target, sheets: list[SheetTable]) -> None:
    """Write each table on a sheet of its own to `target` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    styles = _styles()
    for style in styles.values():
        workbook.add_named_style(style)
    names = {key: style.name for key, style in styles.items()}
    for table in sheets:
        _write_table(workbook.create_sheet(table.name[:31]), table, names)
    workbook.save(target)


def _write_table(sheet, table: SheetTable, names: dict[str, str]) -> None:
    heading, header = table.heading, table.header
    # Column widths, merges, panes and print titles must be set before the first row is written.
    for column, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last_column = get_column_letter(len(header))
    header_row = len(heading) + 2
    for index in range(1, len(heading) + 1):
        sheet.merged_cells.add(f"A{index}:{last_column}{index}")
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4

    for index, line in enumerate(heading, start=1):
        sheet.append([text_cell(sheet, line, names["title"] if index == 1 else names["subtitle"])])
    sheet.append([])
    sheet.append([text_cell(sheet, title, names["header"]) for title in header])
    for row in table.rows:
        sheet.append(
            [
                text_cell(sheet, value, names["centred"] if column == 0 else names["left"])
                for column, value in enumerate(row)
            ]
        )
