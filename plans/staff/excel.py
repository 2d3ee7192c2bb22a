"""Excel (.xlsx, openpyxl) templates and imports of the staff register and the award history.

An import takes our template or the list a school already keeps (.xlsx, or .csv in UTF-8): where the
table sits and what its headers mean is plans.staff.sheet_layout's; what is guessed from the list's
shape (a department or a school year from a group row, a gender from the "Nam" | "Nữ" column a date
is in, a date of birth from a year) is told in the result, one warning line per row.

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

import csv
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
from office.core.text import single_spaced
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
from plans.staff.sheet_layout import (
    EXAMPLE_MARK,
    HEADER_SEARCH_ROWS,
    MARKS,
    UNMARKED,
    HeaderNames,
    Layout,
    TooManyMerges,
    blank,
    cell_at,
    filled,
    find_layout,
    fold,
    group_name,
    is_end,
    is_numbering,
    is_subtotal,
    merged_cells,
    school_year_row,
)
from tenants.schemas import current_school

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
NOT_A_WORKBOOK = "Không đọc được tệp: chỉ nhận tệp Excel .xlsx hoặc tệp .csv (UTF-8)."
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
    sheet: str = ""  # the sheet the table was read from
    # Said only when it is not the template's sheet: the user learns which of their sheets was read.
    sheet_named: bool = False
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    other_sheets: list[str] = dataclasses.field(default_factory=list)
    # One line per row with something guessed (a department from a group row, a gender from the column
    # the date is written in, a date of birth from a year): shown with the result, as a warning.
    warnings: list[str] = dataclasses.field(default_factory=list)
    # What was converted from a legacy Vietnamese encoding (TCVN3, VNI), one Vietnamese sentence each.
    notes: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        text = f"Đã nhập {self.rows} dòng: thêm mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}."
        if self.departments_created:
            text += " Tổ mới: " + ", ".join(self.departments_created) + "."
        if self.sheet_named:
            text += f" Đã đọc trang tính “{self.sheet}”."
        if self.other_sheets:
            text += (
                " Các trang "
                + ", ".join(f"“{name}”" for name in self.other_sheets)
                + " cũng có danh sách nhưng không được đọc: mỗi lần nhập đọc một trang, hãy tải từng trang lên riêng."
            )
        if self.ignored_columns:
            text += " Các cột bỏ qua: " + ", ".join(f"“{name}”" for name in self.ignored_columns) + "."
        if self.warnings:
            text += f" {len(self.warnings)} dòng có thông tin được suy ra, hãy xem lại bên dưới."
        return " ".join([text, *self.notes])

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def as_audit(self) -> dict:
        """What the audit keeps of it: the warnings counted, not copied (a list can have every row)."""
        return {**self.as_dict(), "warnings": len(self.warnings)}

    def as_job_result(self) -> dict:
        return {**self.as_dict(), "summary": self.summary()}


def _quiet(percent: int, stage: str) -> None:
    """Progress reported to no one: an import called outside a job."""


# --- Columns and cell parsing ------------------------------------------------------------------------


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
    # The headers schools give the column in the lists they keep (compared by header_key): the
    # template's own header always wins over these when a file has both.
    aliases: tuple[str, ...] = ()
    # Headers under which the column holds a year alone ("Năm sinh"): the date is then 1 January.
    year_aliases: tuple[str, ...] = ()
    # Beginnings that name the column whatever follows ("Họ và tên giáo viên"), tried last.
    prefixes: tuple[str, ...] = ()
    # Headers of the pieces a value may be kept in, in reading order ("Họ đệm" | "Tên"): joined by a space.
    parts: tuple[tuple[str, ...], ...] = ()
    # For a date: the headers of its day, month and year when each is kept in a column of its own
    # ("Ngày sinh" | "Tháng sinh" | "Năm sinh"); the three are read as one date only when all are there.
    date_pieces: tuple[tuple[str, ...], ...] = ()

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


DATE_DMY = re.compile(
    r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?:\s+0{1,2}:0{2}(?::0{2})?)?$"
)
DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0{1,2}:0{2}(?::0{2})?)?$")
YEAR_ONLY = re.compile(r"^(\d{4})$")
# Serial numbers of Excel dates from 1927 to 2119; a bare number outside that is no date.
EXCEL_SERIALS = range(10_000, 80_000)


def _full_year(two_digits: int) -> int:
    """ "85" is 1985 and "05" is 2005: the latest such year that is not yet to come, as a person reads a
    date of birth or of joining written short."""
    year = 2000 + two_digits
    return year if year <= timezone.localdate().year else year - 100


def parse_date(value) -> datetime.date:
    """Dates as users type them (09/01/2024, 9/1/2024, 9/1/24, 09-01-2024, 2024-01-09 — day first, as
    in Vietnam) and real Excel dates (cells formatted as dates, or their serial numbers)."""
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
    parts = None
    if match:
        year = int(match.group(3))
        parts = (_full_year(year) if len(match.group(3)) == 2 else year, match.group(2), match.group(1))
    elif match := DATE_YMD.match(text):
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


def _reads_as_date(value) -> bool:
    try:
        value.date() if isinstance(value, DatePieces) else parse_date(value)
    except CellError:
        return False
    return True


def _piece_number(value) -> int | None:
    """A day, month or year written alone: a whole number, or text of digits ("05")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and single_spaced(value).isdigit():
        return int(single_spaced(value))
    return None


@dataclasses.dataclass(frozen=True)
class DatePieces:
    """A date kept in three cells, day | month | year (under "Ngày sinh": "Ngày" | "Tháng" | "Năm")."""

    day: object
    month: object
    year: object

    @property
    def year_alone(self) -> bool:
        return blank(self.day) and blank(self.month) and filled(self.year)

    def date(self) -> datetime.date:
        """The date the three cells make; a year alone is 1 January of it (told as a year alone)."""
        names = ("ngày", "tháng", "năm")
        cells = (self.day, self.month, self.year)
        if self.year_alone:
            cells = (1, 1, self.year)
        missing = [name for name, value in zip(names, cells, strict=True) if blank(value)]
        if missing:
            written = "/".join("…" if blank(value) else single_spaced(value) for value in cells)
            raise CellError(f"thiếu {', '.join(missing)} ({written}); hãy ghi đủ ngày, tháng, năm")
        numbers = []
        for name, value in zip(names, cells, strict=True):
            number = _piece_number(value)
            if number is None:
                raise CellError(f"{name} “{single_spaced(value)}” không phải là số")
            numbers.append(number)
        day, month, year = numbers
        if year < 100 and len(single_spaced(self.year)) == 2:
            year = _full_year(year)
        shown = f"{day}/{month}/{single_spaced(self.year)}"
        if year < 1900 or year > 2100:
            raise CellError(f"năm “{single_spaced(self.year)}” không đúng")
        try:
            return datetime.date(year, month, day)
        except ValueError as exc:
            raise CellError(f"không có ngày {shown}; hãy xem lại các cột ngày, tháng, năm") from exc

    def __str__(self) -> str:
        return "/".join(
            "" if blank(value) else single_spaced(value) for value in (self.day, self.month, self.year)
        )


def year_written_alone(value) -> int | None:
    """The year of a cell that holds only a year (1985, "1985"), as a column headed "Năm sinh" may;
    None for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and (match := YEAR_ONLY.match(single_spaced(value))):
        year = int(match.group(1))
    else:
        return None
    return year if 1900 <= year <= 2100 else None


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
    year_only: frozenset = frozenset()  # keys whose date was written as a year alone ("Năm sinh": 1985)
    notes: list = dataclasses.field(default_factory=list)  # what was guessed for this row, in Vietnamese


def _open(data: bytes, *, data_only: bool):
    return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _check_size(data: bytes) -> None:
    if not data:
        raise ExcelImportError("Tệp rỗng, không có nội dung.")
    if len(data) > MAX_IMPORT_BYTES:
        raise ExcelImportError("Tệp quá lớn (tối đa 20 MB).")


def _check_file(data: bytes) -> None:
    _check_size(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExcelImportError(
            "Đây là tệp Excel cũ (.xls). Hãy mở tệp trong Excel, chọn “Lưu thành” kiểu "
            "“Sổ làm việc Excel (.xlsx)” rồi tải lên lại."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExcelImportError(NOT_A_WORKBOOK)
    # Before openpyxl inflates anything: the archive's size, parts and the sheets' declared dimensions.
    try:
        inspect_archive(data, WORKBOOK_LIMITS, error=ExcelImportError)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExcelImportError("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx.") from exc


def _csv_rows(data: bytes) -> list[tuple]:
    """The rows of a .csv file (as Google Sheets and Excel save a sheet): UTF-8 with or without the
    byte-order mark Excel writes, cells separated by commas, semicolons (Excel on a computer set to
    Vietnamese) or tabs; empty cells are None. Bounded as a sheet is."""
    _check_size(data)
    if b"\0" in data:
        raise ExcelImportError("Không đọc được tệp .csv: nội dung không phải là chữ.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExcelImportError(
            "Tệp .csv không được lưu theo mã UTF-8 nên chữ tiếng Việt không đọc đúng được. Trong Excel, hãy "
            "chọn “Lưu thành” kiểu “CSV UTF-8 (phân tách bằng dấu phẩy)”, hoặc tải lên tệp .xlsx."
        ) from exc
    try:
        delimiter = csv.Sniffer().sniff(text[:65536], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # one column, or too few rows to tell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = (tuple(cell if cell.strip() else None for cell in row) for row in reader)
        return list(bounded_rows(rows, WORKBOOK_LIMITS, error=ExcelImportError))
    except csv.Error as exc:
        raise ExcelImportError(f"Không đọc được tệp .csv: {exc}.") from exc


def _bounded(sheet) -> list[tuple]:
    """The sheet's rows, cut off with a refusal at the row, column and cell limits while they stream
    (openpyxl pads every row to the widest column, so a sheet cannot be trusted to be small)."""
    return list(bounded_rows(sheet.iter_rows(values_only=True), WORKBOOK_LIMITS, error=ExcelImportError))


def _cells_with_fonts(sheet, max_row: int | None = None):
    """The sheet's rows as (value, font name) pairs, bounded as _bounded bounds them."""
    for row in bounded_rows(sheet.iter_rows(max_row=max_row), WORKBOOK_LIMITS, error=ExcelImportError):
        yield [(cell.value, getattr(getattr(cell, "font", None), "name", None)) for cell in row]


def _in_unicode(rows) -> tuple[list[tuple], list[str]]:
    """Rows of (value, font name or None) as rows of values, the text of cells typed in a legacy
    Vietnamese encoding (a register kept in ".VnTime" or "VNI-Times" cells: "NguyÔn ThÞ Hµ" for "Nguyễn
    Thị Hà") converted to Unicode, with what was converted said in Vietnamese. The cell's font is the
    strong signal; a cell without one (a .csv) is judged by its words. Headers are converted too, so a
    legacy header is found like any other."""
    values_rows, places, texts, fonts = [], [], [], []
    for row in rows:
        values = []
        for column, (value, font) in enumerate(row):
            if isinstance(value, str) and not value.isascii():
                places.append((len(values_rows), column))
                texts.append(value)
                fonts.append(font)
            values.append(value)
        values_rows.append(values)
    converted, conversions = convert_texts(texts, fonts)
    for (row, column), text in zip(places, converted, strict=True):
        values_rows[row][column] = text
    return [tuple(values) for values in values_rows], conversions.notes()


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


def _refuse_layout(layout: Layout) -> None:
    problems = []
    if layout.missing:
        problems.append("thiếu cột " + ", ".join(f"“{name}”" for name in layout.missing))
    if layout.repeated:
        problems.append("cột " + ", ".join(f"“{name}”" for name in layout.repeated) + " xuất hiện hai lần")
    if problems:
        message = "Tệp không đúng mẫu: " + "; ".join(problems) + "."
        if layout.ignored:
            message += " Các cột không nhận ra: " + ", ".join(f"“{name}”" for name in layout.ignored) + "."
        message += " Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu."
        raise ExcelImportError(message)


def _no_header(columns: list[Column]) -> ExcelImportError:
    return ExcelImportError(
        f"Tệp không đúng mẫu: không tìm thấy dòng tiêu đề có cột “{columns[1].header}”. "
        "Hãy tải tệp mẫu trên trang này và chép dữ liệu vào đúng các cột của mẫu."
    )


@dataclasses.dataclass
class SheetTable:
    """What was read from a file: its rows, the bad cells, and what the user should know of it."""

    rows: list["SheetRow"]
    errors: list[RowError]
    sheet: str
    ignored: list[str]
    other_sheets: list[str] = dataclasses.field(default_factory=list)  # sheets with a table too, not read
    notes: list[str] = dataclasses.field(default_factory=list)  # what was converted from TCVN3, VNI


def _merges_of(data: bytes, sheet) -> dict:
    # A list of people has at most one merge per row (a group row) and a few in its header.
    limit = WORKBOOK_LIMITS.max_rows + HEADER_SEARCH_ROWS
    try:
        return merged_cells(data, getattr(sheet, "_worksheet_path", ""), limit=limit)
    except TooManyMerges as exc:
        raise ExcelImportError(
            f"Trang tính “{sheet.title}” có quá nhiều ô gộp (hơn {limit:,} vùng)".replace(",", ".")
            + ". Hãy bỏ gộp ô (Merge & Center) ở phần danh sách rồi tải lên lại."
        ) from exc


def _choose_sheet(data: bytes, workbook, columns: list[Column], preferred: str):
    """The sheet that holds the table (the template's sheet first, then the others in order) with its
    layout and merged cells."""
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != preferred)
    probes = (
        (
            sheet,
            sheet.title,
            _in_unicode(_cells_with_fonts(sheet, HEADER_SEARCH_ROWS + 1))[0],
            _merges_of(data, sheet),
        )
        for sheet in sheets
    )
    return _choose_table(probes, columns)


def _choose_table(probes, columns: list[Column]):
    """The first of the (sheet, title, first rows, merged cells) whose header names every required
    column, with its layout, merges and the titles of the other sheets that hold such a table too (one
    sheet is read: the user is told of the others); else the refusal of the best header found, or of
    none."""
    fallback, anything, chosen, others = None, False, None, []
    for sheet, title, rows, merges in probes:
        anything = anything or any(filled(value) for row in rows for value in row)
        layout = find_layout(rows, merges, columns, title)
        if layout is not None and not layout.missing and not layout.repeated:
            if chosen is None:
                chosen = (sheet, layout, merges)
            else:
                others.append(title)
            continue
        if chosen is None and layout is not None and (fallback is None or layout.score > fallback.score):
            fallback = layout
    if chosen is not None:
        return *chosen, others
    if fallback is not None:
        _refuse_layout(fallback)
    if not anything:
        raise ExcelImportError("Tệp không có dữ liệu: trang tính trống.")
    raise _no_header(columns)


UNTOLD = object()  # a value the row's marks could not tell, its error told at the marked cell


class Reading:
    """The rows of one table, classified and parsed."""

    def __init__(self, values, formulas, layout: Layout, merges, columns: list[Column], group_key):
        self.values, self.formulas, self.layout = values, formulas, layout
        self.merges, self.columns, self.group_key = merges, columns, group_key
        self.names = HeaderNames(columns)
        self.headers = {column.key: column.header for column in columns}
        self.name_positions = layout.positions.get(columns[1].key, ())
        self.gender_as_marks = self._gender_column_holds_marks()

    def cell(self, cells: tuple, key: str):
        if key in self.layout.date_parts:
            pieces = DatePieces(*(cell_at(cells, position) for position in self.layout.date_parts[key]))
            return None if all(blank(value) for value in (pieces.day, pieces.month, pieces.year)) else pieces
        positions = self.layout.positions.get(key, ())
        if len(positions) == 1:
            return cell_at(cells, positions[0])
        pieces = [single_spaced(cell_at(cells, p)) for p in positions if filled(cell_at(cells, p))]
        return " ".join(pieces) or None

    def _gender_column_holds_marks(self) -> bool:
        """A "Giới tính" column ticked for women only ("x"), as some lists keep it."""
        position = self.layout.positions.get("gender")
        if position is None or len(position) != 1 or self.layout.marks:
            return False
        seen = []
        for cells in self.values[self.layout.body_index :]:
            texts = self.texts(cells)
            if texts and is_end(texts, self.cell(cells, self.columns[1].key) or ""):
                break  # the footer's signers and their titles, under the column, are no marks
            if filled(cell_at(cells, position[0])):
                seen.append(fold(cell_at(cells, position[0])))
        return bool(seen) and all(value in MARKS for value in seen)

    def has_formula(self, index: int) -> bool:
        cells = self.formulas[index] if self.formulas and index < len(self.formulas) else ()
        return any(isinstance(value, str) and value.startswith("=") for value in cells)

    def parse(self, index: int, raw: dict, errors: list[RowError]) -> tuple[dict, set[str]]:
        """The row's values parsed column by column, and the keys of the dates written as a year alone;
        each bad cell is added to `errors`."""
        number = index + 1
        parsed, year_only = {}, set()
        for column in self.columns:
            value = raw[column.key]
            positions = self.layout.positions.get(column.key, ())
            if blank(value) and self.formulas is not None and len(positions) == 1:
                source = cell_at(self.formulas[index], positions[0]) if index < len(self.formulas) else None
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
            if value is UNTOLD or blank(value):
                if column.required and value is not UNTOLD:
                    errors.append(RowError(number, column.header, "không được để trống"))
                parsed[column.key] = None
                continue
            if isinstance(value, DatePieces):
                try:
                    parsed[column.key] = value.date()
                except CellError as exc:
                    errors.append(RowError(number, column.header, str(exc)))
                    continue
                if value.year_alone:
                    year_only.add(column.key)
                continue
            if column.key in self.layout.year_only and (year := year_written_alone(value)) is not None:
                parsed[column.key] = datetime.date(year, 1, 1)
                year_only.add(column.key)
                continue
            try:
                parsed[column.key] = column.parse(value)
            except CellError as exc:
                message = str(exc)
                if column.year_aliases and year_written_alone(value) is not None:
                    message += f"; nếu cột chỉ ghi năm, hãy đặt tiêu đề cột là “{column.year_aliases[0]}”"
                errors.append(RowError(number, column.header, message))
        return parsed, year_only

    def texts(self, cells: tuple) -> list[tuple[int, object]]:
        """The row's filled cells with their positions."""
        return [(index, value) for index, value in enumerate(cells) if filled(value)]

    def merged_at(self, number: int, position: int) -> bool:
        """Whether a cell of the row (numbered as Excel shows it) is merged over the cells on its right."""
        return any(end > start for start, end in self.merges.get(number - 1, ()) if start == position)

    def looks_like_data(self, cells: tuple) -> bool:
        """Whether a row below the footer holds a person: every required column filled, dates as dates."""
        for column in self.columns:
            if not column.required:
                continue
            value = (
                self._marked(cells)[1]
                if column.key == self.layout.marked_key
                else self.cell(cells, column.key)
            )
            if column.key == "gender" and value is None and self.layout.marks:
                value = self._marked(cells)[0]
            if not filled(value) or (column.date and not _reads_as_date(value)):
                return False
        return True

    def _marked(self, cells: tuple) -> tuple[str | None, object]:
        """The gender a row's marks say, and the value written in the marked cell."""
        ticked = {
            gender: cell_at(cells, position)
            for gender, position in self.layout.marks.items()
            if filled(cell_at(cells, position)) and fold(cell_at(cells, position)) not in UNMARKED
        }
        if len(ticked) == 1:
            return next(iter(ticked.items()))
        if not ticked and len(self.layout.marks) == 1 and self.layout.marked_key is None:
            # Only a "Nữ" (or "Nam") column: the others are the blank cells.
            (only,) = self.layout.marks
            return (Staff.Gender.MALE if only == Staff.Gender.FEMALE else Staff.Gender.FEMALE), None
        return None, None

    def raw_values(self, cells: tuple, number: int, errors: list[RowError], notes: list[str]) -> dict:
        """The row's cells by column key, the gender and the marked value taken from the marks. A gender
        the marks cannot tell (no date in either column, or in both) is left to the date's error."""
        raw = {column.key: self.cell(cells, column.key) for column in self.columns}
        layout = self.layout
        gender_header = self.headers.get("gender", "Giới tính")
        if self.gender_as_marks:
            ticked = fold(raw["gender"]) in MARKS if filled(raw["gender"]) else False
            raw["gender"] = Staff.Gender.FEMALE.label if ticked else Staff.Gender.MALE.label
            notes.append(
                f"giới tính {raw['gender']} theo "
                + ("dấu" if ticked else "ô trống (không có dấu)")
                + f" ở cột “{gender_header}”"
            )
        elif layout.marks:
            self._take_marks(cells, raw, number, errors, notes)
        return raw

    def _take_marks(self, cells: tuple, raw: dict, number: int, errors: list[RowError], notes: list[str]):
        """The gender from the "Nam" | "Nữ" column that is filled, and the value written there (the date
        of birth under "Ngày sinh"); a gender column the file also has must agree."""
        layout = self.layout
        gender_header = self.headers.get("gender", "Giới tính")
        label = layout.marks_label
        ticked = [
            position
            for position in layout.marks.values()
            if filled(cell_at(cells, position)) and fold(cell_at(cells, position)) not in UNMARKED
        ]
        if len(ticked) > 1:
            where = f"của “{label}”" if layout.marked_key else "giới tính"
            errors.append(
                RowError(
                    number,
                    self.headers.get(layout.marked_key, gender_header),
                    f"có ở cả cột “Nam” và cột “Nữ” {where}; chỉ ghi ở cột đúng giới tính",
                )
            )
            if layout.marked_key is not None:
                raw[layout.marked_key] = cell_at(cells, ticked[0])
            if "gender" in raw and not filled(raw["gender"]):
                raw["gender"] = UNTOLD
            return
        gender, value = self._marked(cells)
        if layout.marked_key is not None:
            raw[layout.marked_key] = value
            if gender is None and "gender" in self.headers and not filled(raw.get("gender")):
                raw["gender"] = UNTOLD
        if gender is None or "gender" not in self.headers:
            return
        shown = Staff.Gender(gender).label
        if layout.marked_key:
            where = f"cột “{layout.mark_headers[gender]}” của “{label}”"
        elif ticked:
            where = f"dấu ở cột “{layout.mark_headers[gender]}”"
        else:
            where = "ô để trống ở cột " + ", ".join(f"“{h}”" for h in layout.mark_headers.values())
        if not filled(raw.get("gender")):
            raw["gender"] = shown
            notes.append(f"giới tính {shown} theo {where}")
            return
        try:
            written = self.names.columns["gender"].parse(raw["gender"])
        except CellError:
            return  # told by the cell's own check
        if written != gender:
            errors.append(
                RowError(number, gender_header, f"“{single_spaced(raw['gender'])}” khác với {where}")
            )


def read_rows(
    data: bytes, columns: list[Column], *, sheet_title: str, group_key: str | None = None, filename: str = ""
) -> SheetTable:
    """Every data row of the table, parsed cell by cell; cell errors are collected, not raised, so
    that the user sees all of them at once. The table is found in whichever sheet has its header, under
    any title block, in the template's words or a school's own (Column.aliases); rows that only name a
    group give `group_key` to the rows below them, and the footer ends the table. Raises
    ExcelImportError for a file without such a table. A file named .csv is read as one sheet."""
    if filename.lower().endswith(".csv"):
        values, notes = _in_unicode([(value, None) for value in row] for row in _csv_rows(data))
        _, layout, merges, _ = _choose_table([(None, "", values[: HEADER_SEARCH_ROWS + 1], {})], columns)
        return _table(Reading(values, None, layout, merges, columns, group_key), notes=notes)
    _check_file(data)
    try:
        workbook = _open(data, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ExcelImportError("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx.") from exc
    formulas = None
    try:
        sheet, layout, merges, others = _choose_sheet(data, workbook, columns, sheet_title)
        values, notes = _in_unicode(_cells_with_fonts(sheet))
        if _has_formulas(data):
            formula_book = _open(data, data_only=False)
            try:
                formulas = _bounded(formula_book[sheet.title])
            finally:
                formula_book.close()
    finally:
        workbook.close()
    return _table(Reading(values, formulas, layout, merges, columns, group_key), others, notes=notes)


def _table(reading: "Reading", other_sheets: list[str] = (), *, notes: list[str] = ()) -> SheetTable:
    rows, errors = _read_body(reading)
    if not rows and not errors:
        raise ExcelImportError("Tệp không có dòng dữ liệu nào: hãy điền từ dòng ngay dưới dòng tiêu đề.")
    return SheetTable(
        rows, errors, reading.layout.sheet, reading.layout.ignored, list(other_sheets), list(notes)
    )


def _read_body(reading: Reading) -> tuple[list[SheetRow], list[RowError]]:
    """The people of the table: the rows under its header, but for the numbering row, group rows (their
    name goes to the rows below), counts, empty rows, the template's example, and the footer; a row
    below the footer that looks like a person is an error rather than lost."""
    layout, columns = reading.layout, reading.columns
    first_key = columns[0].key
    present = frozenset(layout.positions) | ({layout.marked_key} if layout.marked_key else frozenset())
    if layout.marks:
        present |= {"gender"}
    rows, errors = [], []
    group, group_row, end_row = None, None, None
    for index in range(layout.body_index, len(reading.values)):
        cells = reading.values[index]
        number = index + 1
        texts = reading.texts(cells)
        if end_row is not None:
            if reading.looks_like_data(cells):
                errors.append(
                    RowError(
                        number,
                        None,
                        f"dòng này nằm dưới dòng {end_row} (phần cuối danh sách: tổng cộng, chữ ký) nên không "
                        "được nhập; hãy chuyển nó lên trên dòng đó",
                    )
                )
            continue
        formula_row = reading.has_formula(index)
        if not texts and not formula_row:
            continue
        if texts:
            if is_numbering(texts) or is_subtotal(texts):
                continue
            if is_end(texts, reading.cell(cells, columns[1].key) or ""):
                end_row = number
                continue
            named = group_name(texts, reading.name_positions, reading.merged_at(number, texts[0][0]))
            if reading.group_key == "school_year":
                # A list of awards grouped by school year; a department's row among them is skipped.
                if (year := school_year_row(texts)) is not None:
                    group, group_row = year, number
                    continue
                if named is not None:
                    continue
            elif named is not None:
                group, group_row = named, number
                continue
        notes: list[str] = []
        raw = reading.raw_values(cells, number, errors, notes)
        if all(blank(raw[column.key]) for column in columns if column.key != first_key) and not formula_row:
            continue  # an empty row (perhaps numbered in advance)
        if single_spaced(raw[first_key]).casefold() == EXAMPLE_MARK.casefold():
            continue
        if reading.group_key and group and blank(raw.get(reading.group_key)):
            raw[reading.group_key] = group
            notes.append(f"{reading.headers[reading.group_key].lower()} “{group}” theo dòng nhóm {group_row}")
        parsed, year_only = reading.parse(index, raw, errors)
        rows.append(SheetRow(number, parsed, present, frozenset(year_only), notes))
    return rows, errors


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


# --- The headers schools write ------------------------------------------------------------------------
# Beside the template's own headers, the words of the lists schools keep (compared by header_key: no
# case, no diacritics, punctuation as spaces, bracketed hints aside). Shared by both imports.

ROW_LABEL_ALIASES = ("TT", "Số TT", "Số thứ tự")
NAME_ALIASES = (
    "Họ tên",
    "Họ, tên",
    "Họ và tên CB-GV-NV",
    "Họ và tên giáo viên",
    "Họ và tên cán bộ",
    "Họ và tên cán bộ, giáo viên, nhân viên",
    "Họ tên cán bộ, giáo viên, nhân viên",
    "Tên cán bộ",
    "Tên giáo viên",
    "Tên cán bộ, giáo viên, nhân viên",
)
NAME_PREFIXES = ("Họ và tên", "Họ tên")  # "Họ và tên CBQL, GV, NV", "Họ tên người được khen"
NAME_PARTS = (("Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ và chữ đệm", "Họ"), ("Tên",))
BIRTH_ALIASES = (
    "Ngày tháng năm sinh",
    "Ngày/tháng/năm sinh",
    "Sinh ngày",
    "Ngày sinh (ngày/tháng/năm)",
    "Ngày, tháng, năm sinh",
)
BIRTH_YEAR_ALIASES = ("Năm sinh",)
BIRTH_PIECES = (("Ngày sinh",), ("Tháng sinh",), ("Năm sinh",))


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
    Column("row_label", "STT", parse_ignored, width=7, aliases=ROW_LABEL_ALIASES),
    Column(
        "full_name",
        "Họ và tên",
        parse_text(150),
        required=True,
        width=28,
        example="Nguyễn Thị Hương",
        aliases=NAME_ALIASES,
        prefixes=NAME_PREFIXES,
        parts=NAME_PARTS,
    ),
    Column(
        "gender",
        "Giới tính",
        parse_choice(GENDERS | {"Nam giới": Staff.Gender.MALE, "Nữ giới": Staff.Gender.FEMALE}, "Nam, Nữ"),
        required=True,
        width=10,
        example="Nữ",
        choices=tuple(GENDERS),
        aliases=("Giới", "Phái", "Nam/Nữ", "Nam, nữ", "Nam hay nữ"),
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
        aliases=BIRTH_ALIASES,
        year_aliases=BIRTH_YEAR_ALIASES,
        date_pieces=BIRTH_PIECES,
    ),
    Column(
        "position",
        "Chức vụ",
        parse_text(120),
        width=18,
        example="Giáo viên",
        aliases=(
            "Chức danh",
            "Chức vụ, chức danh",
            "Chức vụ hiện tại",
            "Chức vụ/Chức danh",
            "Chức vụ (chức danh)",
        ),
    ),
    Column(
        "department",
        "Tổ chuyên môn",
        parse_text(120),
        width=18,
        example="Tổ khối 1",
        note="Chọn trong danh sách, hoặc ghi tên tổ mới: tổ mới được tạo khi nhập.",
        aliases=(
            "Tổ",
            "Tổ CM",
            "Tổ chuyên môn, bộ phận",
            "Tổ/Bộ phận",
            "Bộ phận",
            "Tổ khối",
            "Khối",
            "Tổ, khối",
            "Thuộc tổ",
            "Đơn vị công tác",
        ),
    ),
    Column(
        "teaches",
        "Trực tiếp giảng dạy",
        parse_choice(YES_NO, "Có, Không"),
        width=12,
        example="Có",
        choices=("Có", "Không"),
        note="Để trống: Có.",
        aliases=(
            "Giảng dạy",
            "Trực tiếp dạy",
            "Đứng lớp",
            "Giáo viên trực tiếp giảng dạy",
            "GV trực tiếp giảng dạy",
        ),
    ),
    Column(
        "joined_sector_on",
        "Ngày vào ngành",
        parse_date,
        width=14,
        example=datetime.date(2010, 9, 1),
        date=True,
        aliases=(
            "Ngày vào ngành giáo dục",
            "Ngày tuyển dụng",
            "Ngày bắt đầu công tác",
            "Ngày vào ngành (tuyển dụng)",
            "Vào ngành",
        ),
        year_aliases=("Năm vào ngành", "Năm tuyển dụng"),
    ),
    Column(
        "joined_school_on",
        "Ngày về trường",
        parse_date,
        width=14,
        example=datetime.date(2015, 8, 15),
        date=True,
        aliases=("Ngày chuyển về trường", "Ngày về trường công tác", "Về trường", "Ngày đến trường"),
        year_aliases=("Năm về trường",),
    ),
    Column(
        "difficult_area_years",
        "Số năm công tác vùng đặc biệt khó khăn",
        parse_decimal,
        width=16,
        example=0,
        note="Số năm, có thể lẻ (2,5). Để trống: 0.",
        aliases=(
            "Số năm công tác ở vùng đặc biệt khó khăn",
            "Số năm công tác vùng ĐBKK",
            "Số năm vùng đặc biệt khó khăn",
            "Số năm vùng ĐBKK",
            "Vùng đặc biệt khó khăn",
        ),
    ),
    Column(
        "years_in_study_or_military",
        "Số năm học tập, nghĩa vụ quân sự được tính",
        parse_decimal,
        width=16,
        example=0,
        note="Thời gian học tập, nghĩa vụ quân sự được tính vào thời gian công tác. Để trống: 0.",
        aliases=(
            "Số năm học tập, nghĩa vụ quân sự",
            "Số năm học tập, nghĩa vụ quân sự được tính vào thời gian công tác",
        ),
    ),
    Column(
        "status",
        "Trạng thái",
        parse_choice(STATUSES, ", ".join(Staff.Status.labels)),
        width=16,
        example=Staff.Status.WORKING.label,
        choices=tuple(Staff.Status.labels),
        note="Để trống: Đang công tác.",
        aliases=("Tình trạng", "Tình trạng công tác", "Tình trạng làm việc", "Trạng thái công tác"),
    ),
    Column(
        "left_school_on",
        "Nghỉ việc, chuyển đi từ ngày",
        parse_date,
        width=14,
        date=True,
        note="Người đã nghỉ việc, chuyển công tác: ngày bắt đầu không còn công tác tại trường, để các năm học "
        "trước vẫn tính đúng số cán bộ. Bắt buộc với trạng thái “Đã nghỉ việc, chuyển công tác”.",
        aliases=(
            "Ngày nghỉ việc",
            "Ngày chuyển đi",
            "Ngày nghỉ việc, chuyển đi",
            "Ngày thôi việc",
            "Ngày chuyển công tác",
        ),
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


def _birth_year_alone(row: SheetRow, fields: dict, by_name: dict[str, list[Staff]]) -> None:
    """A row whose date of birth is a year alone ("Năm sinh"): the one person of that name born that
    year already on the register keeps her date; anyone else is recorded as born on 1 January."""
    year = fields["date_of_birth"].year
    namesakes = by_name.get(single_spaced(fields["full_name"]).casefold(), [])
    same_year = [p for p in namesakes if p.date_of_birth and p.date_of_birth.year == year]
    if len(same_year) == 1:
        fields["date_of_birth"] = same_year[0].date_of_birth
        row.notes.append(
            f"chỉ ghi năm sinh {year}: khớp với người đã có, sinh ngày {fields['date_of_birth']:%d/%m/%Y}"
        )
    else:
        row.notes.append(f"chỉ ghi năm sinh {year}: ghi ngày sinh là 01/01/{year}")


def _told(table: SheetTable, template_sheet: str) -> dict:
    """What an import's result says of how the file was read: its sheet, the columns left aside, and
    one warning per row with something guessed."""
    return {
        "sheet": table.sheet,
        "sheet_named": bool(table.sheet) and table.sheet != template_sheet,
        "ignored_columns": table.ignored,
        "other_sheets": table.other_sheets,
        "notes": table.notes,
        "warnings": [
            f"Dòng {row.number} “{row.values.get('full_name')}”: " + "; ".join(row.notes)
            for row in table.rows
            if row.notes
        ],
    }


def import_staff_workbook(
    data: bytes, *, user, progress=_quiet, finish=None, filename: str = ""
) -> ImportResult:
    """Check every row of a filled staff template, then create or update all of them, or nothing.
    An import job (plans.imports) follows it with `progress` and ends with `finish`, inside the
    transaction that writes the rows."""
    require(can_manage_staff(user, current_school()), MANAGE_STAFF_REFUSAL)
    progress(10, "Đang đọc tệp Excel")
    table = read_rows(data, STAFF_COLUMNS, sheet_title=STAFF_SHEET, group_key="department", filename=filename)
    rows, errors = table.rows, table.errors
    progress(50, f"Đang kiểm tra {len(rows)} dòng")
    existing = list(Staff.objects.all())
    by_person: dict[tuple, list[Staff]] = {}
    without_birth: dict[str, list[Staff]] = {}
    by_name: dict[str, list[Staff]] = {}
    for person in existing:
        by_person.setdefault(person_key(person.full_name, person.date_of_birth), []).append(person)
        by_name.setdefault(single_spaced(person.full_name).casefold(), []).append(person)
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
        if "date_of_birth" in row.year_only:
            _birth_year_alone(row, fields, by_name)
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
            **_told(table, STAFF_SHEET),
        )
        record_event(
            "staff.imported",
            None,
            user=user,
            summary=result.summary(),
            after={**result.as_audit(), "created_ids": [person.pk for person in creates]},
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
    Column("row_label", "STT", parse_ignored, width=7, aliases=ROW_LABEL_ALIASES),
    Column(
        "full_name",
        "Họ và tên",
        parse_text(150),
        required=True,
        width=28,
        example="Nguyễn Thị Hương",
        note=f"Ghi “{COLLECTIVE_MARK}” cho khen thưởng tập thể trường.",
        aliases=(*NAME_ALIASES, "Họ tên người được khen", "Cá nhân, tập thể", "Tên cá nhân, tập thể"),
        prefixes=NAME_PREFIXES,
        parts=NAME_PARTS,
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        parse_date,
        width=13,
        example=datetime.date(1988, 9, 15),
        date=True,
        note="Chỉ cần khi trường có hai người trùng họ tên.",
        aliases=BIRTH_ALIASES,
        year_aliases=BIRTH_YEAR_ALIASES,
        date_pieces=BIRTH_PIECES,
    ),
    Column(
        "school_year",
        "Năm học",
        parse_school_year_cell,
        required=True,
        width=12,
        example="2023-2024",
        aliases=("Năm học được khen", "Năm học khen thưởng", "Năm"),
    ),
    Column(
        "title",
        "Danh hiệu, hình thức",
        parse_choice(TITLE_NAMES, "xem danh sách chọn trong tệp mẫu, ví dụ Lao động tiên tiến, LĐTT, CSTĐCS"),
        required=True,
        width=30,
        example=Title.LDTT.label,
        choices=tuple(Title.labels),
        aliases=(
            "Danh hiệu",
            "Danh hiệu thi đua",
            "Hình thức khen thưởng",
            "Danh hiệu/Hình thức khen thưởng",
            "Danh hiệu, hình thức khen thưởng",
            "Danh hiệu thi đua, hình thức khen thưởng",
            "Hình thức",
            "Khen thưởng",
        ),
    ),
    Column(
        "decision_number",
        "Số quyết định",
        parse_text(64),
        width=16,
        example="1234/QĐ-UBND",
        aliases=("Số QĐ", "Quyết định số", "Số, ký hiệu quyết định", "Số hiệu quyết định", "Số ký hiệu"),
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        parse_date,
        width=14,
        example=datetime.date(2024, 7, 15),
        date=True,
        aliases=("Ngày QĐ", "Ngày ký", "Ngày ký quyết định", "Ngày ban hành", "Ngày ký QĐ"),
    ),
    Column(
        "issuer_name",
        "Cơ quan ban hành",
        parse_text(255),
        required=True,
        width=28,
        example="UBND quận Hà Đông",
        note="Ghi đúng như trên quyết định lúc đó (ví dụ “UBND quận Hà Đông” trước 7/2025).",
        aliases=(
            "Cơ quan quyết định",
            "Cơ quan ban hành quyết định",
            "Đơn vị ban hành",
            "Cơ quan khen thưởng",
            "Cơ quan, người ban hành",
            "Người ký, cơ quan ban hành",
        ),
    ),
    Column(
        "issuer_level",
        "Cấp ban hành",
        parse_text(120),
        width=14,
        example="Cấp huyện",
        aliases=("Cấp khen", "Cấp khen thưởng", "Cấp quyết định"),
    ),
    Column(
        "initiative_ids",
        "Mã sáng kiến đã dùng",
        parse_id_list,
        width=14,
        note="Các mã cách nhau bởi dấu phẩy.",
        aliases=("Mã sáng kiến", "Sáng kiến đã dùng"),
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


def import_award_workbook(
    data: bytes, *, user, progress=_quiet, finish=None, filename: str = ""
) -> ImportResult:
    """Check every row of a filled award template, then record all of them, or nothing (`progress`
    and `finish` as for import_staff_workbook)."""
    require(can_manage_staff(user, current_school()), MANAGE_STAFF_REFUSAL)
    progress(10, "Đang đọc tệp Excel")
    table = read_rows(
        data, AWARD_COLUMNS, sheet_title=AWARD_SHEET, group_key="school_year", filename=filename
    )
    rows, errors = table.rows, table.errors
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
            if values.get("date_of_birth") and "date_of_birth" in row.year_only:
                year = values["date_of_birth"].year
                namesakes = [p for p in namesakes if p.date_of_birth and p.date_of_birth.year == year]
            elif values.get("date_of_birth"):
                namesakes = [p for p in namesakes if p.date_of_birth == values["date_of_birth"]]
            if not namesakes:
                born = f" sinh ngày {values['date_of_birth']:%d/%m/%Y}" if values.get("date_of_birth") else ""
                if "date_of_birth" in row.year_only:
                    born = f" sinh năm {values['date_of_birth']:%Y}"
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
            **_told(table, AWARD_SHEET),
        )
        record_event(
            "award.imported",
            None,
            user=user,
            summary=result.summary(),
            after={**result.as_audit(), "created_ids": [award.pk for award in creates]},
        )
        if finish is not None:
            finish(result.as_job_result())
    return result


# --- As import jobs (plans.imports.kinds): read by a worker, never in a web request ------------------


def staff_import_job(data: bytes, *, filename: str, user, progress, finish) -> None:
    import_staff_workbook(data, user=user, progress=progress, finish=finish, filename=filename)


def award_import_job(data: bytes, *, filename: str, user, progress, finish) -> None:
    import_award_workbook(data, user=user, progress=progress, finish=finish, filename=filename)
