"""The comparison printed: an Excel workbook (one sheet per round, groups as columns, and a year-over-year
sheet) and an A4 landscape PDF of the chosen round (WeasyPrint, fonts as in the official documents)."""

from __future__ import annotations

import io
import re

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reporting.spreadsheets import as_text

from .charts import pdf_charts
from .figures import Comparison, RoundTable
from .formatting import points_text

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TIMES = "Times New Roman"
POINTS_FORMAT = "0.00"
# Characters Excel refuses in a sheet name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str, used: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub("-", text).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _heading(sheet, lines: list[str], columns: int) -> int:
    last = get_column_letter(max(columns, 1))
    for index, line in enumerate(lines, start=1):
        sheet.merge_cells(f"A{index}:{last}{index}")
        cell = as_text(sheet.cell(row=index, column=1, value=line))
        cell.font = Font(name=TIMES, bold=True, size=13 if index == 1 else 12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return len(lines) + 2


def _header_row(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = as_text(sheet.cell(row=row, column=column, value=title))
        cell.font = Font(name=TIMES, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER


def _body_cell(sheet, row: int, column: int, value, *, number: bool = False):
    cell = as_text(sheet.cell(row=row, column=column, value=value))
    cell.font = Font(name=TIMES, size=12)
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="right" if number else "left")
    if number and value is not None:
        cell.number_format = POINTS_FORMAT
    return cell


def _round_sheet(sheet, comparison: Comparison, table: RoundTable) -> None:
    cluster = comparison.cluster
    header = ["Xếp hạng", "Trường"] + [
        f"{g.label} (tối đa {points_text(g.max_points)})" if g.max_points is not None else g.label
        for g in table.groups
    ]
    header += ["Tổng điểm", "Đề nghị"]
    first = _heading(
        sheet,
        [
            f"KẾT QUẢ CHẤM ĐIỂM THI ĐUA – {cluster.name.upper()}",
            f"Năm học {cluster.school_year} · {table.round.name} · {table.round.stage_label}",
        ],
        len(header),
    )
    _header_row(sheet, first, header)
    for offset, row in enumerate(table.rows, start=1):
        r = first + offset
        _body_cell(sheet, r, 1, row.rank, number=False).alignment = Alignment(
            horizontal="center", vertical="top"
        )
        _body_cell(sheet, r, 2, row.name)
        for g, points in enumerate(row.group_totals, start=3):
            _body_cell(sheet, r, g, float(points) if points is not None else None, number=True)
        _body_cell(
            sheet,
            r,
            len(header) - 1,
            float(row.final_total) if row.final_total is not None else None,
            number=True,
        )
        _body_cell(sheet, r, len(header), row.proposal_label)
    widths = [10, 38] + [16] * len(table.groups) + [12, 24]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=first + 1, column=3)
    _landscape(sheet)


def _history_sheet(sheet, comparison: Comparison) -> None:
    history = comparison.history
    header = ["Trường", *[f"Năm học {year}" for year in history.years]]
    first = _heading(
        sheet,
        [
            f"TỔNG ĐIỂM THI ĐUA QUA CÁC NĂM HỌC – {comparison.cluster.name.upper()}",
            "Mỗi năm học: tổng điểm của đợt chấm đã công bố gần nhất của cụm mà trường tham gia",
        ],
        len(header),
    )
    _header_row(sheet, first, header)
    for offset, school in enumerate(history.schools, start=1):
        r = first + offset
        _body_cell(sheet, r, 1, school.name)
        for column, total in enumerate(school.totals, start=2):
            _body_cell(sheet, r, column, float(total) if total is not None else None, number=True)
    for column, width in enumerate([38] + [16] * len(history.years), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _landscape(sheet)


def _landscape(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def comparison_xlsx(comparison: Comparison) -> bytes:
    """One sheet per round (newest first) and a year-over-year sheet; points are numbers, not text."""
    workbook = Workbook()
    used: set[str] = set()
    workbook.remove(workbook.active)
    for table in comparison.tables:
        _round_sheet(workbook.create_sheet(_sheet_title(table.round.name, used)), comparison, table)
    if not comparison.tables:
        sheet = workbook.create_sheet(_sheet_title("Chưa có đợt chấm", used))
        sheet["A1"] = "Cụm thi đua chưa có đợt chấm điểm nào."
    _history_sheet(workbook.create_sheet(_sheet_title("Qua các năm học", used)), comparison)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def comparison_html_for_pdf(comparison: Comparison) -> str:
    return render_to_string(
        "reporting/cluster_comparison/pdf.html",
        {
            "comparison": comparison,
            "cluster": comparison.cluster,
            "table": comparison.table,
            "history": comparison.history,
            "charts": pdf_charts(comparison),
            "printed_on": timezone.localdate(),
        },
    )


def comparison_pdf(comparison: Comparison) -> bytes:
    # Imported here, as in reporting.official_document.pdf: WeasyPrint is slow to import.
    from weasyprint import HTML

    return HTML(string=comparison_html_for_pdf(comparison)).write_pdf()
