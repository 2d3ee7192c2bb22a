"""The school's registration list as an Excel workbook, laid out as schools send it: the governing
body and the school at the top left, the national title at the top right, the list's title with the
school year, then the table. It takes the plain data of selectors.registration_payload."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reporting.official_document import MOTTO, NATIONAL_TITLE
from reporting.spreadsheets import as_text

FONT_NAME = "Times New Roman"
COLUMNS = (
    ("STT", 6),
    ("Họ và tên", 28),
    ("Chức vụ", 22),
    ("Tổ", 18),
    ("Danh hiệu thi đua đăng ký", 28),
    ("Hình thức khen thưởng đề nghị", 32),
    ("Trực tiếp giảng dạy", 12),
)
HEADER_ROW = 7
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _font(size: int = 12, **style) -> Font:
    return Font(name=FONT_NAME, size=size, **style)


def registration_workbook(*, payload: dict, school_name: str, parent_body: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Đăng ký {payload['school_year']}"
    last = get_column_letter(len(COLUMNS))
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def merged(row: int, first: str, final: str, text: str, font: Font) -> None:
        sheet.merge_cells(f"{first}{row}:{final}{row}")
        cell = sheet[f"{first}{row}"]
        cell.value, cell.font, cell.alignment = text, font, center
        as_text(cell)

    merged(1, "A", "C", (parent_body or "").upper(), _font())
    merged(2, "A", "C", school_name.upper(), _font(bold=True))
    merged(1, "D", last, NATIONAL_TITLE, _font(bold=True))
    merged(2, "D", last, MOTTO, _font(bold=True))
    merged(4, "A", last, "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", _font(14, bold=True))
    merged(5, "A", last, f"Năm học {payload['school_year']}", _font(13, bold=True, italic=True))

    collective = payload.get("collective")
    if collective:
        forms = ", ".join(collective["form_labels"])
        text = f"Tập thể nhà trường đăng ký: {collective['title_label']}" + (f"; {forms}" if forms else "")
        merged(6, "A", last, text, _font(italic=True))

    for index, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=title)
        cell.font, cell.alignment, cell.border = _font(bold=True), center, BORDER
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 32

    left = Alignment(vertical="center", wrap_text=True)
    for offset, row in enumerate(payload["rows"], start=1):
        values = (
            row["stt"],
            row["full_name"],
            row["position"],
            row["department"],
            row["title_label"],
            ", ".join(row["form_labels"]),
            "x" if row["teaches"] else "",
        )
        for index, value in enumerate(values, start=1):
            cell = as_text(sheet.cell(row=HEADER_ROW + offset, column=index, value=value))
            cell.font, cell.border = _font(), BORDER
            cell.alignment = center if index in (1, len(COLUMNS)) else left

    total_row = HEADER_ROW + len(payload["rows"]) + 2
    teaching = sum(1 for row in payload["rows"] if row["teaches"])
    sheet.cell(
        row=total_row,
        column=2,
        value=f"Tổng số: {len(payload['rows'])} người, trong đó {teaching} giáo viên trực tiếp giảng dạy.",
    ).font = _font(italic=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
