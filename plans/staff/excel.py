"""Excel (.xlsx, openpyxl) templates and imports of the staff register and the award history.

An import reads and checks EVERY row first and then saves all rows in one transaction, or nothing:
a refused file raises ExcelImportError with one Vietnamese line per bad cell ("Dòng 7, cột “Ngày
sinh”: không đọc được ngày “31/02/1990”"). Rows are matched with what the school already has and
written with bulk_create / bulk_update: the number of queries does not grow with the rows, so 10,000
rows take seconds.

Decisions, also told to users in the template's notes:
- A person already on the register (same full name and date of birth, NFC, case aside) is UPDATED
  from the file: the file is the school's register, and re-importing a corrected file is the common
  case. A person on the register without a date of birth is matched by name alone when the file has
  exactly one row of that name.
- Two rows of the file naming the same person (same name and date of birth) are an error.
- An award already recorded (same person or the school, school year and annual title; or for a form,
  same title and decision number) is updated from the file; anything else is added.
"""

import dataclasses
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from office.audit.services import record_event
from office.core.archives import EXCEL_LIMITS, bounded_rows, inspect_archive
from office.core.collation import by_name
from office.core.errors import Invalid, require
from office.core.legacy_vietnamese import convert_texts
from office.core.text import search_key, single_spaced
from office.rules.vocabulary import EMULATION_TITLES, Title
from plans.staff.models import AwardRecord, Department, Staff
from plans.staff.permissions import MANAGE_STAFF_REFUSAL, can_manage_staff
from plans.staff.services import (
    STAFF_FIELDS,
    StaffError,
    apply_award_fields,
    apply_staff_fields,
    award_state,
    check_award_fields,
    check_staff_fields,
    date_leaving,
    parse_school_year,
    person_key,
    refresh_staff_years,
    staff_state,
)
from tenants.schemas import current_school

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
EXAMPLE_MARK = "Ví dụ"  # a row whose first cell says this is the template's example, never imported
HEADER_SEARCH_ROWS = 10
# A staff register or award history of a school fits with room to spare (10,000 rows × 20 columns);
# anything larger is refused before it fills a worker's memory.
WORKBOOK_LIMITS = EXCEL_LIMITS
TEMPLATE_ROWS = 2000  # rows the template's drop-down lists and date formats cover
BULK_BATCH = 1000


# --- Errors and results ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int
    column: str | None  # the column's Vietnamese header; None when the whole row is at fault
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"Dòng {self.row}, cột “{self.column}”: {self.message}"
        return f"Dòng {self.row}: {self.message}"


class ExcelImportError(Invalid):
    """A refused file: `message` says what happened, `errors` lists every bad cell. Nothing was saved."""

    def __init__(self, message: str, errors: Iterable[RowError] = ()):
        self.message = message
        self.errors = sorted(errors, key=lambda e: (e.row, e.column or ""))
        super().__init__(message)

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]

    def response_data(self) -> dict:
        return {"detail": self.message, "errors": self.lines()}


@dataclasses.dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    departments_created: list[str] = dataclasses.field(default_factory=list)
    # What was converted from a legacy Vietnamese encoding, one Vietnamese sentence each.
    notes: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        text = f"Đã nhập {self.rows} dòng: thêm mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}."
        if self.departments_created:
            text += " Tổ mới: " + ", ".join(self.departments_created) + "."
        return " ".join([text, *self.notes])

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def as_job_result(self) -> dict:
        return {**self.as_dict(), "summary": self.summary()}


def _quiet(percent: int, stage: str) -> None:
    """Progress reported to no one: an import called outside a job."""


# --- Columns and cell parsing ------------------------------------------------------------------------


def fold(text) -> str:
    """How headers and list values are compared: NFC, no case, no diacritics, single spaces, the
    "(*)" of required columns and a trailing colon ignored."""
    text = single_spaced(text).replace("(*)", "").replace("*", "").strip().rstrip(":").strip()
    return search_key(text)


class CellError(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable[[object], object]
    required: bool = False
    width: int = 16
    example: object = None
    note: str = ""
    choices: tuple[str, ...] = ()  # the drop-down list offered in the template
    date: bool = False

    @property
    def template_header(self) -> str:
        return f"{self.header} (*)" if self.required else self.header


def parse_text(max_length: int):
    def parse(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.strftime("%d/%m/%Y")
        text = single_spaced(value)
        if len(text) > max_length:
            raise CellError(f"dài quá {max_length} ký tự")
        return text

    return parse


DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:\s+0{1,2}:0{2}(?::0{2})?)?$")
DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0{1,2}:0{2}(?::0{2})?)?$")
# Serial numbers of Excel dates from 1927 to 2119; a bare number outside that is no date.
EXCEL_SERIALS = range(10_000, 80_000)


def parse_date(value) -> datetime.date:
    """Dates as users type them (09/01/2024, 9/1/2024, 09-01-2024, 2024-01-09 — day first, as in
    Vietnam) and real Excel dates (cells formatted as dates, or their serial numbers)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in EXCEL_SERIALS:
            return from_excel(value).date()
        raise CellError(f"không đọc được ngày “{value}”")
    text = single_spaced(value)
    match = DATE_DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (match := DATE_YMD.match(text)):
        parts = (match.group(1), match.group(2), match.group(3))
    try:
        if parts is None:
            raise ValueError(text)
        day = datetime.date(*(int(part) for part in parts))
    except ValueError as exc:
        raise CellError(f"không đọc được ngày “{text}”") from exc
    if day.year < 1900:
        raise CellError(f"không đọc được ngày “{text}”")
    return day


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"“{value}” không phải là số")
    text = single_spaced(value).replace(",", ".") if isinstance(value, str) else str(value)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"“{single_spaced(value)}” không phải là số") from exc
    if not number.is_finite():
        raise CellError(f"“{single_spaced(value)}” không phải là số")
    return number


def parse_choice(options: dict[str, object], shown: str):
    """A value from a list, compared folded (so "nu", "NỮ" and "Nữ" are the same); `shown` tells
    the user what the list holds."""
    folded = {fold(text): value for text, value in options.items()}

    def parse(value):
        if isinstance(value, bool):
            value = "Có" if value else "Không"
        key = fold(value)
        if key not in folded:
            raise CellError(f"“{single_spaced(value)}” không có trong danh sách ({shown})")
        return folded[key]

    return parse


def parse_school_year_cell(value) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)  # a bare year is the year the school year ends
    try:
        return parse_school_year(single_spaced(value))
    except StaffError as exc:
        raise CellError(f"không đọc được năm học “{single_spaced(value)}”; hãy ghi dạng 2023-2024") from exc


def parse_id_list(value) -> list[int]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    ids = []
    for part in re.split(r"[,;\s]+", single_spaced(value)):
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0:
            raise CellError(f"mã sáng kiến “{part}” không hợp lệ")
        ids.append(int(part))
    return ids


def parse_ignored(value):
    return value


# --- Reading a workbook ------------------------------------------------------------------------------


@dataclasses.dataclass
class SheetRow:
    number: int  # the row number Excel shows
    values: dict  # column key → parsed value (absent columns and empty cells: None)
    # The keys of the columns the file has: an optional column added to the template later is left as
    # it is on the register when an older file does not have it, rather than emptied.
    present: frozenset = frozenset()


def _open(data: bytes, *, data_only: bool):
    return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _check_file(data: bytes) -> None:
    if not data:
        raise ExcelImportError("Tệp rỗng, không có nội dung.")
    if len(data) > MAX_IMPORT_BYTES:
        raise ExcelImportError("Tệp quá lớn (tối đa 20 MB).")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExcelImportError(
            "Đây là tệp Excel cũ (.xls). Hãy mở tệp trong Excel, chọn “Lưu thành” kiểu "
            "“Sổ làm việc Excel (.xlsx)” rồi tải lên lại."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExcelImportError("Không đọc được tệp: chỉ nhận tệp Excel .xlsx.")
    # Before openpyxl inflates anything: the archive's size, parts and the sheets' declared dimensions.
    try:
        inspect_archive(data, WORKBOOK_LIMITS, error=ExcelImportError)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExcelImportError("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx.") from exc


def _bounded(sheet) -> list[tuple]:
    """The sheet's rows, cut off with a refusal at the row, column and cell limits while they stream
    (openpyxl pads every row to the widest column, so a sheet cannot be trusted to be small)."""
    return list(bounded_rows(sheet.iter_rows(values_only=True), WORKBOOK_LIMITS, error=ExcelImportError))


def _bounded_in_unicode(sheet) -> tuple[list[tuple], list[str]]:
    """The sheet's rows as _bounded reads them, with the text of cells typed in a legacy Vietnamese
    encoding (a register kept in ".VnTime" or "VNI-Times" cells: "NguyÔn ThÞ Hµ" for "Nguyễn Thị Hà") converted to
    Unicode, and what was converted said in Vietnamese. The cell's font is the strong signal."""
    rows, places, texts, fonts = [], [], [], []
    for row in bounded_rows(sheet.iter_rows(), WORKBOOK_LIMITS, error=ExcelImportError):
        values = []
        for column, cell in enumerate(row):
            value = cell.value
            if isinstance(value, str) and not value.isascii():
                places.append((len(rows), column))
                texts.append(value)
                font = getattr(cell, "font", None)
                fonts.append(font.name if font is not None else None)
            values.append(value)
        rows.append(values)
    converted, conversions = convert_texts(texts, fonts)
    for (row, column), text in zip(places, converted, strict=True):
        rows[row][column] = text
    return [tuple(values) for values in rows], conversions.notes()


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet holds a formula: only then is the workbook read a second time for them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as sheet:
                    chunk, tail = b"", b""
                    while chunk := sheet.read(1 << 20):
                        window = tail + chunk
                        if b"<f>" in window or b"<f " in window:
                            return True
                        tail = chunk[-3:]
    return False


def _sheet(workbook, title: str):
    return workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]


def _find_header(rows: list[tuple], columns: list[Column]) -> int:
    anchor = fold(columns[1].header)  # the first column after "STT": the name
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(cell is not None and fold(cell) == anchor for cell in row):
            return index
    raise ExcelImportError(
        f"Tệp không đúng mẫu: không tìm thấy dòng tiêu đề có cột “{columns[1].header}”. "
        "Hãy tải tệp mẫu trên trang này và chép dữ liệu vào đúng các cột của mẫu."
    )


def _map_columns(header: tuple, columns: list[Column]) -> dict[str, int]:
    by_fold = {fold(column.header): column for column in columns}
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(header):
        if cell is None or not single_spaced(cell):
            continue
        column = by_fold.get(fold(cell))
        if column is None:
            unknown.append(single_spaced(cell))
        elif column.key in positions:
            repeated.append(column.header)
        else:
            positions[column.key] = index
    missing = [column.header for column in columns if column.required and column.key not in positions]
    problems = []
    if missing:
        problems.append("thiếu cột " + ", ".join(f"“{name}”" for name in missing))
    if repeated:
        problems.append("cột " + ", ".join(f"“{name}”" for name in repeated) + " xuất hiện hai lần")
    if problems:
        message = "Tệp không đúng mẫu: " + "; ".join(problems) + "."
        if unknown:
            message += " Các cột không nhận ra: " + ", ".join(f"“{name}”" for name in unknown) + "."
        message += " Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu."
        raise ExcelImportError(message)
    return positions


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(
    data: bytes, columns: list[Column], *, sheet_title: str
) -> tuple[list[SheetRow], list[RowError], list[str]]:
    """Every data row of the sheet, parsed cell by cell; cell errors are collected, not raised, so
    that the user sees all of them at once. Raises ExcelImportError for a file that is no template.
    The notes say what was converted from a legacy Vietnamese encoding (TCVN3, VNI)."""
    _check_file(data)
    try:
        workbook = _open(data, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ExcelImportError("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx.") from exc
    formulas = None
    try:
        values, notes = _bounded_in_unicode(_sheet(workbook, sheet_title))
        if _has_formulas(data):
            formula_book = _open(data, data_only=False)
            try:
                formulas = _bounded(_sheet(formula_book, sheet_title))
            finally:
                formula_book.close()
    finally:
        workbook.close()
    if not values:
        raise ExcelImportError("Tệp không có dữ liệu: trang tính trống.")
    header_index = _find_header(values, columns)
    positions = _map_columns(values[header_index], columns)
    first_key = columns[0].key
    present = frozenset(positions)
    rows, errors = [], []
    for index in range(header_index + 1, len(values)):
        cells = values[index]
        number = index + 1

        def cell(key, cells=cells):
            position = positions.get(key)
            return cells[position] if position is not None and position < len(cells) else None

        if all(_blank(cell(column.key)) for column in columns if column.key != first_key):
            formula_cells = formulas[index] if formulas and index < len(formulas) else ()
            if not any(isinstance(v, str) and v.startswith("=") for v in formula_cells):
                continue  # an empty row (perhaps numbered in advance)
        if single_spaced(cell(first_key)).casefold() == EXAMPLE_MARK.casefold():
            continue
        parsed = {}
        for column in columns:
            raw = cell(column.key)
            position = positions.get(column.key)
            if _blank(raw) and formulas is not None and position is not None:
                source = (
                    formulas[index][position]
                    if index < len(formulas) and position < len(formulas[index])
                    else None
                )
                if isinstance(source, str) and source.startswith("="):
                    errors.append(
                        RowError(
                            number,
                            column.header,
                            f"công thức “{source}” chưa có giá trị tính sẵn; hãy mở tệp bằng Excel, "
                            "lưu lại rồi tải lên",
                        )
                    )
                    continue
            if _blank(raw):
                if column.required:
                    errors.append(RowError(number, column.header, "không được để trống"))
                parsed[column.key] = None
                continue
            try:
                parsed[column.key] = column.parse(raw)
            except CellError as exc:
                errors.append(RowError(number, column.header, str(exc)))
        rows.append(SheetRow(number, parsed, present))
    if not rows and not errors:
        raise ExcelImportError("Tệp không có dòng dữ liệu nào: hãy điền từ dòng ngay dưới dòng tiêu đề.")
    return rows, errors, notes


def refuse(errors: list[RowError]) -> None:
    if errors:
        raise ExcelImportError(
            f"Tệp có {len(errors)} lỗi nên chưa có dòng nào được lưu. Hãy sửa các ô dưới đây rồi tải lên lại.",
            errors,
        )


# --- Writing a template ------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


def build_template(
    *,
    sheet_title: str,
    heading: str,
    instructions: str,
    columns: list[Column],
    lists: dict[str, list[str]],
    open_lists: frozenset[str] = frozenset(),
) -> bytes:
    """A template: a heading, a line of instructions, the header row, one example row marked
    "Ví dụ" (skipped on import), drop-down lists (kept on a hidden sheet "Danh mục", so long or
    punctuated values work) and date formats on the rows below."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([instructions])
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 60
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    header_row, example_row = 3, 4
    sheet.append([column.template_header for column in columns])
    sheet.append([EXAMPLE_MARK, *(column.example for column in columns[1:])])
    catalogue = workbook.create_sheet("Danh mục")
    catalogue.sheet_state = "hidden"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        head = sheet.cell(row=header_row, column=index)
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        if column.note:
            head.comment = Comment(column.note, "Thi đua – Khen thưởng")
        example = sheet.cell(row=example_row, column=index)
        example.font = EXAMPLE_FONT
        cells = f"{letter}{example_row}:{letter}{example_row + TEMPLATE_ROWS}"
        if column.date:
            example.number_format = "DD/MM/YYYY"
            for row in range(example_row + 1, example_row + TEMPLATE_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
        values = lists.get(column.key) or list(column.choices)
        if values:
            list_column = get_column_letter(catalogue.max_column + 1 if catalogue.max_row > 1 else 1)
            catalogue[f"{list_column}1"] = column.header
            for offset, value in enumerate(values, start=2):
                catalogue[f"{list_column}{offset}"] = value
            validation = DataValidation(
                type="list",
                formula1=f"='Danh mục'!${list_column}$2:${list_column}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=column.key not in open_lists,
                errorTitle="Giá trị không có trong danh sách",
                error=f"Hãy chọn {column.header.lower()} trong danh sách.",
            )
            sheet.add_data_validation(validation)
            validation.add(cells)
    sheet.freeze_panes = sheet.cell(row=example_row, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _field_header(columns: list[Column], field: str | None) -> str | None:
    return next((column.header for column in columns if column.key == field), None)


# --- The staff register ------------------------------------------------------------------------------

STAFF_SHEET = "Danh sách cán bộ"
YES_NO = {"Có": True, "Không": False, "x": True, "1": True, "0": False, "Đúng": True, "Sai": False}
GENDERS = {label: value for value, label in Staff.Gender.choices}
STATUSES = {label: value for value, label in Staff.Status.choices} | {
    "Đang làm việc": Staff.Status.WORKING,
    "Thai sản": Staff.Status.MATERNITY,
    "Nghỉ việc": Staff.Status.LEFT,
    "Chuyển công tác": Staff.Status.LEFT,
}
STAFF_COLUMNS = [
    Column("row_label", "STT", parse_ignored, width=7),
    Column("full_name", "Họ và tên", parse_text(150), required=True, width=28, example="Nguyễn Thị Hương"),
    Column(
        "gender",
        "Giới tính",
        parse_choice(GENDERS, "Nam, Nữ"),
        required=True,
        width=10,
        example="Nữ",
        choices=tuple(GENDERS),
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        parse_date,
        required=True,
        width=13,
        example=datetime.date(1988, 9, 15),
        date=True,
        note="Ngày/tháng/năm, ví dụ 09/01/1988.",
    ),
    Column("position", "Chức vụ", parse_text(120), width=18, example="Giáo viên"),
    Column(
        "department",
        "Tổ chuyên môn",
        parse_text(120),
        width=18,
        example="Tổ khối 1",
        note="Chọn trong danh sách, hoặc ghi tên tổ mới: tổ mới được tạo khi nhập.",
    ),
    Column(
        "teaches",
        "Trực tiếp giảng dạy",
        parse_choice(YES_NO, "Có, Không"),
        width=12,
        example="Có",
        choices=("Có", "Không"),
        note="Để trống: Có.",
    ),
    Column(
        "joined_sector_on",
        "Ngày vào ngành",
        parse_date,
        width=14,
        example=datetime.date(2010, 9, 1),
        date=True,
    ),
    Column(
        "joined_school_on",
        "Ngày về trường",
        parse_date,
        width=14,
        example=datetime.date(2015, 8, 15),
        date=True,
    ),
    Column(
        "difficult_area_years",
        "Số năm công tác vùng đặc biệt khó khăn",
        parse_decimal,
        width=16,
        example=0,
        note="Số năm, có thể lẻ (2,5). Để trống: 0.",
    ),
    Column(
        "years_in_study_or_military",
        "Số năm học tập, nghĩa vụ quân sự được tính",
        parse_decimal,
        width=16,
        example=0,
        note="Thời gian học tập, nghĩa vụ quân sự được tính vào thời gian công tác. Để trống: 0.",
    ),
    Column(
        "status",
        "Trạng thái",
        parse_choice(STATUSES, ", ".join(Staff.Status.labels)),
        width=16,
        example=Staff.Status.WORKING.label,
        choices=tuple(Staff.Status.labels),
        note="Để trống: Đang công tác.",
    ),
    Column(
        "left_school_on",
        "Nghỉ việc, chuyển đi từ ngày",
        parse_date,
        width=14,
        date=True,
        note="Người đã nghỉ việc, chuyển công tác: ngày bắt đầu không còn công tác tại trường, để các năm học "
        "trước vẫn tính đúng số cán bộ. Để trống với trạng thái “Đã nghỉ việc, chuyển công tác”: tính từ hôm nay.",
    ),
]
STAFF_INSTRUCTIONS = (
    "Cột có dấu (*) bắt buộc. Ngày ghi theo ngày/tháng/năm (09/01/2024 hoặc 9/1/2024) hoặc để Excel định dạng ngày. "
    "Dòng “Ví dụ” được bỏ qua khi nhập. Người đã có trong danh sách (cùng họ tên và ngày sinh) được cập nhật theo tệp; "
    "hai dòng cùng họ tên và ngày sinh là lỗi. Tệp có lỗi thì không dòng nào được lưu."
)


def build_staff_template() -> bytes:
    departments = list(Department.objects.order_by(by_name(), "pk").values_list("name", flat=True))
    return build_template(
        sheet_title=STAFF_SHEET,
        heading="DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN",
        instructions=STAFF_INSTRUCTIONS,
        columns=STAFF_COLUMNS,
        lists={"department": departments},
        # New department names are allowed, so that list suggests without refusing.
        open_lists=frozenset({"department"}),
    )


def _staff_values(values: dict, present: frozenset = frozenset()) -> dict:
    fields = {key: values.get(key) for key in ("full_name", "gender", "date_of_birth", "position")}
    fields["position"] = fields["position"] or ""
    fields["teaches"] = True if values.get("teaches") is None else values["teaches"]
    fields["joined_sector_on"] = values.get("joined_sector_on")
    fields["joined_school_on"] = values.get("joined_school_on")
    fields["difficult_area_years"] = values.get("difficult_area_years") or 0
    fields["years_in_study_or_military"] = values.get("years_in_study_or_military") or 0
    fields["status"] = values.get("status") or Staff.Status.WORKING
    if "left_school_on" in present:
        fields["left_school_on"] = values.get("left_school_on")
    return fields


def import_staff_workbook(data: bytes, *, user, progress=_quiet, finish=None) -> ImportResult:
    """Check every row of a filled staff template, then create or update all of them, or nothing.
    An import job (plans.imports) follows it with `progress` and ends with `finish`, inside the
    transaction that writes the rows."""
    require(can_manage_staff(user, current_school()), MANAGE_STAFF_REFUSAL)
    progress(10, "Đang đọc tệp Excel")
    rows, errors, notes = read_rows(data, STAFF_COLUMNS, sheet_title=STAFF_SHEET)
    progress(50, f"Đang kiểm tra {len(rows)} dòng")
    existing = list(Staff.objects.all())
    by_person: dict[tuple, list[Staff]] = {}
    without_birth: dict[str, list[Staff]] = {}
    for person in existing:
        by_person.setdefault(person_key(person.full_name, person.date_of_birth), []).append(person)
        if person.date_of_birth is None:
            without_birth.setdefault(single_spaced(person.full_name).casefold(), []).append(person)
    rows_per_name: dict[str, int] = {}
    for row in rows:
        if row.values.get("full_name"):
            name = single_spaced(row.values["full_name"]).casefold()
            rows_per_name[name] = rows_per_name.get(name, 0) + 1
    departments = {fold(d.name): d for d in Department.objects.all()}
    new_departments: dict[str, Department] = {}
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    creates: list[Staff] = []
    updates: list[tuple[Staff, dict]] = []
    unchanged = 0
    row_departments: list[tuple[Staff, str | None]] = []
    bad_rows = {error.row for error in errors}
    for row in rows:
        if row.number in bad_rows:
            continue
        fields = _staff_values(row.values, row.present)
        key = person_key(fields["full_name"], fields["date_of_birth"])
        if key in seen:
            errors.append(
                RowError(
                    row.number,
                    "Họ và tên",
                    f"trùng với dòng {seen[key]} (cùng họ tên và ngày sinh {fields['date_of_birth']:%d/%m/%Y})",
                )
            )
            continue
        seen[key] = row.number
        matches = by_person.get(key, [])
        if not matches:
            unnamed = without_birth.get(key[0], [])
            if len(unnamed) == 1 and rows_per_name.get(key[0]) == 1:
                matches = unnamed
            elif unnamed:
                errors.append(
                    RowError(
                        row.number,
                        "Họ và tên",
                        f"danh sách đang có {len(unnamed)} người tên “{fields['full_name']}” chưa có ngày sinh và "
                        "tệp có nhiều dòng cùng tên; hãy nhập ngày sinh cho những người đó trên trang trước",
                    )
                )
                continue
        if len(matches) > 1:
            errors.append(
                RowError(
                    row.number,
                    "Họ và tên",
                    f"khớp với {len(matches)} người đã có cùng họ tên và ngày sinh; hãy gộp họ trên trang trước",
                )
            )
            continue
        person = matches[0] if matches else Staff()
        before = staff_state(person) if person.pk else None
        try:
            apply_staff_fields(person, fields)
            date_leaving(person, before)
            check_staff_fields(person, today=today)
        except StaffError as exc:
            errors.append(RowError(row.number, _field_header(STAFF_COLUMNS, exc.field), str(exc).rstrip(".")))
            continue
        department_name = row.values.get("department")
        if department_name:
            folded = fold(department_name)
            if folded not in departments and folded not in new_departments:
                new_departments[folded] = Department(name=single_spaced(department_name))
        row_departments.append((person, fold(department_name) if department_name else None))
        if person.pk is None:
            creates.append(person)
        else:
            updates.append((person, before))
    refuse(errors)

    progress(80, f"Đang lưu {len(rows)} dòng")
    with transaction.atomic():
        Department.objects.bulk_create(new_departments.values(), batch_size=BULK_BATCH)
        departments.update(new_departments)
        for person, folded in row_departments:
            # An empty department cell keeps an existing person's department.
            if folded is not None:
                person.department = departments[folded]
        changed = []
        for person, before in updates:
            after = staff_state(person)
            if after != before:
                changed.append((person, before, after))
        unchanged = len(updates) - len(changed)
        Staff.objects.bulk_create(creates, batch_size=BULK_BATCH)
        Staff.objects.bulk_update(
            [person for person, _, _ in changed], ["search_name", *STAFF_FIELDS], batch_size=BULK_BATCH
        )
        # The staff counts of the school years the new dates reach, as the register's forms do.
        refresh_staff_years(
            *(staff_state(person) for person in creates),
            *(state for _, before, after in changed for state in (before, after)),
        )
        for person, before, after in changed:
            names = [name for name in after if before[name] != after[name]]
            record_event(
                "staff.updated",
                person,
                user=user,
                summary=f"{person.full_name} (nhập từ Excel)",
                before={name: before[name] for name in names},
                after={name: after[name] for name in names},
            )
        result = ImportResult(
            rows=len(rows),
            created=len(creates),
            updated=len(changed),
            unchanged=unchanged,
            departments_created=sorted(d.name for d in new_departments.values()),
            notes=notes,
        )
        record_event(
            "staff.imported",
            None,
            user=user,
            summary=result.summary(),
            after={**result.as_dict(), "created_ids": [person.pk for person in creates]},
        )
        if finish is not None:
            finish(result.as_job_result())
    return result


# --- The award history -------------------------------------------------------------------------------

AWARD_SHEET = "Lịch sử khen thưởng"
COLLECTIVE_MARK = "Tập thể"
TITLE_NAMES = {title.label: title.value for title in Title} | {
    "LĐTT": Title.LDTT,
    "CSTĐCS": Title.CSTDCS,
    "CSTĐ cơ sở": Title.CSTDCS,
    "CSTĐ cấp tỉnh": Title.CSTD_TINH,
    "CSTĐ toàn quốc": Title.CSTD_TOAN_QUOC,
    "TTLĐTT": Title.TTLDTT,
    "TTLĐXS": Title.TTLDXS,
    "Cờ thi đua cấp tỉnh": Title.CO_TINH,
    "Cờ thi đua của Chính phủ": Title.CO_CHINH_PHU,
    "Bằng khen UBND thành phố": Title.BANG_KHEN_TINH,
    "Bằng khen UBND tỉnh": Title.BANG_KHEN_TINH,
    "Bằng khen Bộ GDĐT": Title.BANG_KHEN_BO,
    "Bằng khen Thủ tướng": Title.BANG_KHEN_TTG,
    "Kỷ niệm chương Vì sự nghiệp giáo dục": Title.KNC_GIAO_DUC,
}
AWARD_COLUMNS = [
    Column("row_label", "STT", parse_ignored, width=7),
    Column(
        "full_name",
        "Họ và tên",
        parse_text(150),
        required=True,
        width=28,
        example="Nguyễn Thị Hương",
        note=f"Ghi “{COLLECTIVE_MARK}” cho khen thưởng tập thể trường.",
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        parse_date,
        width=13,
        example=datetime.date(1988, 9, 15),
        date=True,
        note="Chỉ cần khi trường có hai người trùng họ tên.",
    ),
    Column("school_year", "Năm học", parse_school_year_cell, required=True, width=12, example="2023-2024"),
    Column(
        "title",
        "Danh hiệu, hình thức",
        parse_choice(TITLE_NAMES, "xem danh sách chọn trong tệp mẫu, ví dụ Lao động tiên tiến, LĐTT, CSTĐCS"),
        required=True,
        width=30,
        example=Title.LDTT.label,
        choices=tuple(Title.labels),
    ),
    Column("decision_number", "Số quyết định", parse_text(64), width=16, example="1234/QĐ-UBND"),
    Column(
        "decision_date",
        "Ngày quyết định",
        parse_date,
        width=14,
        example=datetime.date(2024, 7, 15),
        date=True,
    ),
    Column(
        "issuer_name",
        "Cơ quan ban hành",
        parse_text(255),
        required=True,
        width=28,
        example="UBND quận Hà Đông",
        note="Ghi đúng như trên quyết định lúc đó (ví dụ “UBND quận Hà Đông” trước 7/2025).",
    ),
    Column("issuer_level", "Cấp ban hành", parse_text(120), width=14, example="Cấp huyện"),
    Column(
        "initiative_ids",
        "Mã sáng kiến đã dùng",
        parse_id_list,
        width=14,
        note="Các mã cách nhau bởi dấu phẩy.",
    ),
    Column("note", "Ghi chú", parse_text(2000), width=24),
]
AWARD_INSTRUCTIONS = (
    "Cột có dấu (*) bắt buộc. Mỗi dòng là một danh hiệu hoặc hình thức khen thưởng; khen thưởng tập thể trường ghi "
    f"“{COLLECTIVE_MARK}” ở cột Họ và tên. Năm học ghi dạng 2023-2024. Danh hiệu đã có (cùng người, năm học, danh hiệu) "
    "được cập nhật theo tệp. Dòng “Ví dụ” được bỏ qua. Tệp có lỗi thì không dòng nào được lưu."
)


def build_award_template() -> bytes:
    return build_template(
        sheet_title=AWARD_SHEET,
        heading="LỊCH SỬ KHEN THƯỞNG",
        instructions=AWARD_INSTRUCTIONS,
        columns=AWARD_COLUMNS,
        lists={},
    )


def _award_key(staff_id: int | None, year: int, title: str, decision_number: str) -> tuple | None:
    """What makes two records the same award: an annual title once a year; a form by its decision."""
    if title in EMULATION_TITLES:
        return (staff_id, year, title)
    if decision_number:
        return (staff_id, title, decision_number.casefold())
    return None


def import_award_workbook(data: bytes, *, user, progress=_quiet, finish=None) -> ImportResult:
    """Check every row of a filled award template, then record all of them, or nothing (`progress`
    and `finish` as for import_staff_workbook)."""
    require(can_manage_staff(user, current_school()), MANAGE_STAFF_REFUSAL)
    progress(10, "Đang đọc tệp Excel")
    rows, errors, notes = read_rows(data, AWARD_COLUMNS, sheet_title=AWARD_SHEET)
    progress(50, f"Đang kiểm tra {len(rows)} dòng")
    staff_by_name: dict[str, list[Staff]] = {}
    for person in Staff.objects.all():
        staff_by_name.setdefault(single_spaced(person.full_name).casefold(), []).append(person)
    recorded = {}
    for award in AwardRecord.objects.all():
        key = _award_key(award.staff_id, award.year, award.title, award.decision_number)
        if key is not None:
            recorded[key] = award
    collective = fold(COLLECTIVE_MARK)
    today = timezone.localdate()
    bad_rows = {error.row for error in errors}
    seen: dict[tuple, int] = {}
    creates: list[AwardRecord] = []
    updates: list[tuple[AwardRecord, dict]] = []
    for row in rows:
        if row.number in bad_rows:
            continue
        values = row.values
        person = None
        if fold(values["full_name"]) not in (collective, fold(f"{COLLECTIVE_MARK} trường")):
            namesakes = staff_by_name.get(single_spaced(values["full_name"]).casefold(), [])
            if values.get("date_of_birth"):
                namesakes = [p for p in namesakes if p.date_of_birth == values["date_of_birth"]]
            if not namesakes:
                born = f" sinh ngày {values['date_of_birth']:%d/%m/%Y}" if values.get("date_of_birth") else ""
                errors.append(
                    RowError(
                        row.number,
                        "Họ và tên",
                        f"không có “{values['full_name']}”{born} trong danh sách cán bộ",
                    )
                )
                continue
            if len(namesakes) > 1:
                errors.append(
                    RowError(
                        row.number,
                        "Họ và tên",
                        f"trường có {len(namesakes)} người tên “{values['full_name']}”; hãy ghi thêm ngày sinh",
                    )
                )
                continue
            person = namesakes[0]
        staff_id = person.pk if person else None
        key = _award_key(
            staff_id, values["school_year"], values["title"], values.get("decision_number") or ""
        )
        if key is not None and key in seen:
            errors.append(RowError(row.number, "Danh hiệu, hình thức", f"trùng với dòng {seen[key]}"))
            continue
        if key is not None:
            seen[key] = row.number
        award = recorded.get(key) if key is not None else None
        before = None
        if award is None:
            award = AwardRecord(
                source=AwardRecord.Source.IMPORTED, created_by=user if getattr(user, "pk", None) else None
            )
        else:
            before = award_state(award)
        try:
            apply_award_fields(
                award,
                {
                    "staff": person,
                    "year": values["school_year"],
                    "title": values["title"],
                    "decision_number": values.get("decision_number") or "",
                    "decision_date": values.get("decision_date"),
                    "issuer_name": values.get("issuer_name") or "",
                    "issuer_level": values.get("issuer_level") or "",
                    "note": values.get("note") or "",
                    "initiative_ids": values.get("initiative_ids") or [],
                },
            )
            check_award_fields(award, today=today)
        except StaffError as exc:
            errors.append(RowError(row.number, _field_header(AWARD_COLUMNS, exc.field), str(exc).rstrip(".")))
            continue
        if award.pk is None:
            creates.append(award)
        else:
            updates.append((award, before))
    refuse(errors)

    progress(80, f"Đang lưu {len(rows)} dòng")
    with transaction.atomic():
        AwardRecord.objects.bulk_create(creates, batch_size=BULK_BATCH)
        changed = [(award, before) for award, before in updates if award_state(award) != before]
        AwardRecord.objects.bulk_update(
            [award for award, _ in changed],
            ["decision_date", "decision_number", "issuer_name", "issuer_level", "note", "initiative_ids"],
            batch_size=BULK_BATCH,
        )
        for award, before in changed:
            record_event(
                "award.changed",
                award,
                user=user,
                summary="Nhập từ Excel",
                before=before,
                after=award_state(award),
            )
        result = ImportResult(
            rows=len(rows),
            created=len(creates),
            updated=len(changed),
            unchanged=len(updates) - len(changed),
            notes=notes,
        )
        record_event(
            "award.imported",
            None,
            user=user,
            summary=result.summary(),
            after={**result.as_dict(), "created_ids": [award.pk for award in creates]},
        )
        if finish is not None:
            finish(result.as_job_result())
    return result


# --- As import jobs (plans.imports.kinds): read by a worker, never in a web request ------------------


def staff_import_job(data: bytes, *, filename: str, user, progress, finish) -> None:
    import_staff_workbook(data, user=user, progress=progress, finish=finish)


def award_import_job(data: bytes, *, filename: str, user, progress, finish) -> None:
    import_award_workbook(data, user=user, progress=progress, finish=finish)
