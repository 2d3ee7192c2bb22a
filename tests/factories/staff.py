"""Workbooks for the import tests: the real template filled in, or a sheet written from scratch,
and formulas with or without the value Excel caches beside them."""

import io
import re
import zipfile

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from plans.staff.excel import build_award_template, build_staff_template

STAFF_HEADER = [
    "STT",
    "Họ và tên (*)",
    "Giới tính (*)",
    "Ngày sinh (*)",
    "Chức vụ",
    "Tổ chuyên môn",
    "Trực tiếp giảng dạy",
    "Ngày vào ngành",
    "Ngày về trường",
    "Số năm công tác vùng đặc biệt khó khăn",
    "Số năm học tập, nghĩa vụ quân sự được tính",
    "Trạng thái",
    "Nghỉ việc, chuyển đi từ ngày",
]
# The template before its leaving-date column: files of that shape are still taken in.
OLDER_STAFF_HEADER = STAFF_HEADER[:-1]
AWARD_HEADER = [
    "STT",
    "Họ và tên (*)",
    "Ngày sinh",
    "Năm học (*)",
    "Danh hiệu, hình thức (*)",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành (*)",
    "Cấp ban hành",
    "Mã sáng kiến đã dùng",
    "Ghi chú",
]


def person(name="Nguyễn Thị Hương", gender="Nữ", born="15/09/1988", **extra) -> list:
    """A staff row in template order; keyword arguments override single cells by header."""
    row = [
        None,
        name,
        gender,
        born,
        "Giáo viên",
        "Tổ khối 1",
        "Có",
        "01/09/2010",
        "15/08/2015",
        0,
        0,
        None,
        None,
    ]
    for key, value in extra.items():
        row[_index(STAFF_HEADER, key)] = value
    return row


def _index(header, key):
    return next(i for i, name in enumerate(header) if name.startswith(key))


def award_row(name, school_year, title, issuer="UBND quận Hà Đông", **extra) -> list:
    row = [None, name, None, school_year, title, "1234/QĐ-UBND", "15/07/2024", issuer, None, None, None]
    for key, value in extra.items():
        row[_index(AWARD_HEADER, key)] = value
    return row


def sheet_bytes(rows, header=STAFF_HEADER, title="Danh sách cán bộ", before=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in before:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filled_template(template: bytes, rows) -> bytes:
    """The downloaded template with rows typed under its example row, as a user does."""
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=5 + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def staff_template_in(school) -> bytes:
    with schema_context(school.schema_name):
        return build_staff_template()


def award_template_in(school) -> bytes:
    with schema_context(school.schema_name):
        return build_award_template()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """openpyxl writes formulas without the value Excel computes and caches; put such a value in
    for the given cells ({"B2": "Trần Thị Mai"}), as a file saved by Excel has it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in values.items():
                    text = re.sub(
                        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                        rf'<c r="{cell}" t="str"><f>\2</f><v>{value}</v></c>',
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def count_queries(func):
    with CaptureQueriesContext(connection) as queries:
        result = func()
    return result, len(queries)
