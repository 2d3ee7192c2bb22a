"""The staff register's Excel import: the template round trip, every kind of bad input with its
exact Vietnamese message and nothing saved, duplicates, formulas, and 10,000 rows."""

import datetime
import io
import unicodedata
from decimal import Decimal

import docx
import openpyxl
import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.school_years import current_school_year
from plans.staff.excel import ExcelImportError, import_staff_workbook
from plans.staff.models import Department, Staff
from plans.staff.services import add_staff_member
from tests.factories.staff import (
    OLDER_STAFF_HEADER,
    STAFF_HEADER,
    count_queries,
    filled_template,
    person,
    sheet_bytes,
    staff_template_in,
    with_cached_values,
)


def run_import(world, data: bytes):
    with schema_context(world.school_a.schema_name):
        return import_staff_workbook(data, user=world.principal_a)


def refusal(world, data: bytes) -> ExcelImportError:
    with pytest.raises(ExcelImportError) as caught:
        run_import(world, data)
    return caught.value


def staff_names(world) -> list[str]:
    with schema_context(world.school_a.schema_name):
        return sorted(Staff.objects.values_list("full_name", flat=True))


BEFORE = ["Giáo Viên Trường A", "Nguyễn Thị An"]  # the world's school A


def test_the_downloaded_template_filled_in_imports_every_row(world):
    template = staff_template_in(world.school_a)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[3]][:4] == ["STT", "Họ và tên (*)", "Giới tính (*)", "Ngày sinh (*)"]
    assert sheet["A4"].value == "Ví dụ"  # the example row, skipped on import
    assert any(
        "Nam" in str(v.formula1) or "Danh mục" in str(v.formula1)
        for v in sheet.data_validations.dataValidation
    )
    data = filled_template(
        template,
        [
            person(
                "Trần Thị Mai",
                "Nữ",
                "09/01/1990",
                **{"Tổ chuyên môn": "Tổ khối 2", "Trạng thái": "Nghỉ thai sản"},
            ),
            person(
                "Phạm Văn Long",
                "nam",
                datetime.datetime(1985, 3, 2),
                **{
                    "Trực tiếp giảng dạy": "Không",
                    "Tổ chuyên môn": "Tổ Văn phòng",
                    "Số năm công tác vùng": "2,5",
                    "Số năm học tập": 2,
                },
            ),
        ],
    )
    result = run_import(world, data)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    assert result.departments_created == ["Tổ Văn phòng", "Tổ khối 2"]
    with schema_context(world.school_a.schema_name):
        mai = Staff.objects.get(full_name="Trần Thị Mai")
        long = Staff.objects.get(full_name="Phạm Văn Long")
        assert mai.date_of_birth == datetime.date(1990, 1, 9) and mai.status == Staff.Status.MATERNITY
        assert mai.department.name == "Tổ khối 2" and mai.teaches
        assert mai.joined_sector_on == datetime.date(2010, 9, 1) and mai.search_name == "tran thi mai"
        assert long.gender == Staff.Gender.MALE and not long.teaches
        assert long.difficult_area_years == Decimal("2.5") and long.years_in_study_or_military == Decimal(2)
        event = AuditEvent.objects.get(action="staff.imported")
        assert event.after["created"] == 2 and event.user_id == world.principal_a.pk
        assert sorted(event.after["created_ids"]) == sorted([mai.pk, long.pk])


@pytest.mark.parametrize(
    "typed",
    ["09/01/2024", "9/1/2024", "2024-01-09", "09-01-2024", datetime.datetime(2024, 1, 9), 45300],
)
def test_dates_are_read_as_users_type_them(world, typed):
    run_import(world, sheet_bytes([person(**{"Ngày về trường": typed})]))
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(full_name="Nguyễn Thị Hương").joined_school_on == datetime.date(2024, 1, 9)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (person(born="31/02/1990"), "Dòng 2, cột “Ngày sinh”: không đọc được ngày “31/02/1990”"),
        (
            person(born="1990"),
            "Dòng 2, cột “Ngày sinh”: không đọc được ngày “1990”; nếu cột chỉ ghi năm, hãy đặt tiêu đề cột là "
            "“Năm sinh”",
        ),
        (person(born="15/9/8"), "Dòng 2, cột “Ngày sinh”: không đọc được ngày “15/9/8”"),
        (person(born=None), "Dòng 2, cột “Ngày sinh”: không được để trống"),
        (person(gender="Khác"), "Dòng 2, cột “Giới tính”: “Khác” không có trong danh sách (Nam, Nữ)"),
        (person(name="  "), "Dòng 2, cột “Họ và tên”: không được để trống"),
        (
            person(**{"Trực tiếp giảng dạy": "Thỉnh thoảng"}),
            "Dòng 2, cột “Trực tiếp giảng dạy”: “Thỉnh thoảng” không có trong danh sách (Có, Không)",
        ),
        (
            person(**{"Số năm công tác vùng": "năm năm"}),
            "Dòng 2, cột “Số năm công tác vùng đặc biệt khó khăn”: “năm năm” không phải là số",
        ),
        (
            person(**{"Ngày vào ngành": "01/09/2016", "Ngày về trường": "01/09/2012"}),
            "Dòng 2, cột “Ngày về trường”: Ngày về trường không thể trước ngày vào ngành",
        ),
        (
            person(born="01/01/2090"),
            "Dòng 2, cột “Ngày sinh”: Ngày sinh 01/01/2090 ở sau ngày hôm nay",
        ),
        (
            person(**{"Trạng thái": "Đi vắng"}),
            "Dòng 2, cột “Trạng thái”: “Đi vắng” không có trong danh sách (Đang công tác, Nghỉ thai sản, "
            "Đã nghỉ việc, chuyển công tác)",
        ),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(world, row, message):
    good = person("Lê Văn Tốt", "Nam", "01/02/1980")
    caught = refusal(world, sheet_bytes([row, good]))
    assert caught.lines() == [message]
    assert (
        caught.message
        == "Tệp có 1 lỗi nên chưa có dòng nào được lưu. Hãy sửa các ô dưới đây rồi tải lên lại."
    )
    assert staff_names(world) == BEFORE  # the good row was not saved either


def test_every_bad_row_is_listed_at_once(world):
    rows = [
        person("Một", born="31/02/1990"),
        person("Hai", gender=""),
        person("Ba"),
        person("Bốn", born="abc", gender="x"),
    ]
    caught = refusal(world, sheet_bytes(rows))
    assert caught.lines() == [
        "Dòng 2, cột “Ngày sinh”: không đọc được ngày “31/02/1990”",
        "Dòng 3, cột “Giới tính”: không được để trống",
        "Dòng 5, cột “Giới tính”: “x” không có trong danh sách (Nam, Nữ)",
        "Dòng 5, cột “Ngày sinh”: không đọc được ngày “abc”",
    ]
    assert staff_names(world) == BEFORE


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            [name if name != "Ngày sinh (*)" else "Ngày ký" for name in STAFF_HEADER],
            "Tệp không đúng mẫu: thiếu cột “Ngày sinh”. Các cột không nhận ra: “Ngày ký”. "
            "Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu.",
        ),
        (
            [name for name in STAFF_HEADER if name not in ("Giới tính (*)", "Ngày sinh (*)")],
            "Tệp không đúng mẫu: thiếu cột “Giới tính”, “Ngày sinh”. "
            "Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu.",
        ),
        (
            [*STAFF_HEADER, "Giới tính"],
            "Tệp không đúng mẫu: cột “Giới tính” xuất hiện hai lần. "
            "Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu.",
        ),
        (
            ["Tên", "Lớp", "Điểm"],
            "Tệp không đúng mẫu: không tìm thấy dòng tiêu đề có cột “Họ và tên”. "
            "Hãy tải tệp mẫu trên trang này và chép dữ liệu vào đúng các cột của mẫu.",
        ),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_with_what_is_wrong(world, header, message):
    caught = refusal(world, sheet_bytes([person()], header=header))
    assert caught.message == message and caught.errors == []
    assert staff_names(world) == BEFORE


def test_headers_are_matched_without_case_spacing_or_the_required_mark(world):
    header = ["stt", "  HỌ VÀ TÊN ", "giới tính", "Ngay sinh", "Chức vụ"]
    run_import(world, sheet_bytes([[1, "Đỗ Thị Lan", "Nữ", "02/03/1991", "Kế toán"]], header=header))
    with schema_context(world.school_a.schema_name):
        lan = Staff.objects.get(full_name="Đỗ Thị Lan")
        assert lan.position == "Kế toán" and lan.department is None and lan.teaches


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty", b"", "Tệp rỗng, không có nội dung."),
        (
            "pdf",
            b"%PDF-1.4 not a workbook",
            "Không đọc được tệp: chỉ nhận tệp Excel .xlsx hoặc tệp .csv (UTF-8).",
        ),
        (
            "xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "Đây là tệp Excel cũ (.xls). Hãy mở tệp trong Excel, chọn “Lưu thành” kiểu "
            "“Sổ làm việc Excel (.xlsx)” rồi tải lên lại.",
        ),
        ("docx", None, "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx."),
    ],
)
def test_a_file_that_is_no_workbook_is_refused(world, name, content, message):
    if content is None:
        buffer = io.BytesIO()
        docx.Document().save(buffer)
        content = buffer.getvalue()
    assert refusal(world, content).message == message


def test_a_template_without_rows_is_refused(world):
    caught = refusal(world, staff_template_in(world.school_a))  # only the example row
    assert caught.message == "Tệp không có dòng dữ liệu nào: hãy điền từ dòng ngay dưới dòng tiêu đề."
    empty_sheet = openpyxl.Workbook()
    buffer = io.BytesIO()
    empty_sheet.save(buffer)
    assert refusal(world, buffer.getvalue()).message == "Tệp không có dữ liệu: trang tính trống."


def test_formulas_give_their_computed_value_and_one_without_a_value_is_an_error(world):
    rows = [
        person(name='="Trần Thị "&"Mai"'),
        person(name='="Lê "&"Văn Nam"', gender="Nam", born="01/01/1980"),
    ]
    data = with_cached_values(sheet_bytes(rows), {"B2": "Trần Thị Mai"})
    caught = refusal(world, data)
    assert caught.lines() == [
        'Dòng 3, cột “Họ và tên”: công thức “="Lê "&"Văn Nam"” chưa có giá trị tính sẵn; '
        "hãy mở tệp bằng Excel, lưu lại rồi tải lên"
    ]
    data = with_cached_values(sheet_bytes(rows), {"B2": "Trần Thị Mai", "B3": "Lê Văn Nam"})
    assert run_import(world, data).created == 2
    assert staff_names(world) == sorted([*BEFORE, "Trần Thị Mai", "Lê Văn Nam"])


def test_the_same_person_twice_in_the_file_is_an_error(world):
    rows = [person(), person("Lê Văn Tốt", "Nam", "01/02/1980"), person(name="NGUYỄN  THỊ HƯƠNG")]
    caught = refusal(world, sheet_bytes(rows))
    assert caught.lines() == [
        "Dòng 4, cột “Họ và tên”: trùng với dòng 2 (cùng họ tên và ngày sinh 15/09/1988)"
    ]
    # Namesakes born on different days are two people.
    assert run_import(world, sheet_bytes([person(), person(born="16/09/1988")])).created == 2


def test_a_person_already_on_the_register_is_updated_not_duplicated(world):
    run_import(world, sheet_bytes([person(), person("Lê Văn Tốt", "Nam", "01/02/1980")]))
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    again = [person(name=decomposed, **{"Chức vụ": "Tổ trưởng"}), person("Lê Văn Tốt", "Nam", "01/02/1980")]
    result = run_import(world, sheet_bytes(again))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with schema_context(world.school_a.schema_name):
        huong = Staff.objects.get(full_name="Nguyễn Thị Hương")  # stored NFC, matched NFC
        assert huong.position == "Tổ trưởng"
        assert Staff.objects.count() == len(BEFORE) + 2
        event = AuditEvent.objects.get(action="staff.updated", object_id=str(huong.pk))
        assert event.before == {"position": "Giáo viên"} and event.after == {"position": "Tổ trưởng"}


def test_a_person_on_the_register_without_a_birth_date_is_matched_by_name(world):
    with schema_context(world.school_a.schema_name):
        existing = add_staff_member(full_name="Vũ Thị Hạnh", gender="nu")
    result = run_import(world, sheet_bytes([person("Vũ Thị Hạnh", born="03/04/1979")]))
    assert (result.created, result.updated) == (0, 1)
    with schema_context(world.school_a.schema_name):
        existing.refresh_from_db()
        assert existing.date_of_birth == datetime.date(1979, 4, 3)
    # …but not when the file has two people of that name: which one is she?
    with schema_context(world.school_a.schema_name):
        add_staff_member(full_name="Hà Văn Minh", gender="nam")
    caught = refusal(
        world,
        sheet_bytes([person("Hà Văn Minh", "Nam", "01/01/1980"), person("Hà Văn Minh", "Nam", "01/01/1990")]),
    )
    assert caught.lines()[0].startswith(
        "Dòng 2, cột “Họ và tên”: danh sách đang có 1 người tên “Hà Văn Minh” chưa có ngày sinh"
    )


def test_ten_thousand_rows_import_with_a_fixed_number_of_queries(world):
    rows = [
        [
            index,
            f"Cán Bộ Số {index}",
            "Nữ" if index % 3 else "Nam",
            f"{index % 28 + 1}/{index % 12 + 1}/{1960 + index % 40}",
            "Giáo viên",
            f"Tổ khối {index % 5 + 1}",
            "Có",
            datetime.date(2001 + index % 20, 9, 1),
            "01/09/2021",
            0,
            0,
            None,
        ]
        for index in range(1, 10_001)
    ]
    data = sheet_bytes(rows)
    result, queries = count_queries(lambda: run_import(world, data))
    assert result.created == 10_000
    assert queries < 100  # bulk writes and one recount of the school's facts: no query per row
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.count() == 10_000 + len(BEFORE)
        assert Department.objects.filter(name__startswith="Tổ khối").count() == 5


def test_the_leaving_date_column_records_who_left_and_the_counts_of_past_years_follow(world):
    """The template's “Nghỉ việc, chuyển đi từ ngày”: a person who left last year is counted in the years
    she worked, not after; an older file without the column leaves the dates on the register as they
    are; "left" without a date, or a date with a working status, is refused by its cell."""
    from office.facts.models import SchoolFacts

    template = staff_template_in(world.school_a)
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template)).worksheets[0][3]]
    assert header[-1] == "Nghỉ việc, chuyển đi từ ngày"
    left = {"Trạng thái": "Đã nghỉ việc, chuyển công tác", "Nghỉ việc, chuyển đi từ ngày": "15/01/2025"}
    data = filled_template(
        template,
        [
            person("Đinh Thị Đi", "Nữ", "02/02/1982", **left),
            person("Cao Văn Ở", "Nam", "03/03/1983"),
            person(
                "Mạc Thị Vừa", "Nữ", "04/04/1984", **{**left, "Nghỉ việc, chuyển đi từ ngày": "01/09/2025"}
            ),
        ],
    )
    run_import(world, data)
    with schema_context(world.school_a.schema_name):
        gone = Staff.objects.get(full_name="Đinh Thị Đi")
        assert (gone.status, gone.left_school_on) == (Staff.Status.LEFT, datetime.date(2025, 1, 15))
        just_gone = Staff.objects.get(full_name="Mạc Thị Vừa")
        assert just_gone.left_school_on == datetime.date(2025, 9, 1)
        # The school year 2023-2024 ended with her still there: its count has her, today's does not.
        from plans.staff.selectors import employed_on, staff_count_day

        assert Staff.objects.filter(employed_on(staff_count_day("2023-2024")), pk=gone.pk).exists()
        assert not Staff.objects.filter(employed_on(staff_count_day("2025-2026")), pk=gone.pk).exists()
    facts = SchoolFacts.objects.get(school=world.school_a, school_year=current_school_year())
    assert facts.staff_total == len(BEFORE) + 1  # Cao Văn Ở; the two who left are not counted

    # A file of the older template (no such column) changes no leaving date.
    older = person("Đinh Thị Đi", "Nữ", "02/02/1982", **{"Trạng thái": "Đã nghỉ việc, chuyển công tác"})
    run_import(world, sheet_bytes([older[:-1]], header=OLDER_STAFF_HEADER))
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(full_name="Đinh Thị Đi").left_school_on == datetime.date(2025, 1, 15)

    # A leaving date in the past with the person still working is named by its row and column.
    caught = refusal(
        world,
        filled_template(
            template,
            [person("Cao Văn Ở", "Nam", "03/03/1983", **{"Nghỉ việc, chuyển đi từ ngày": "01/02/2025"})],
        ),
    )
    assert caught.lines()[0].startswith(
        "Dòng 5, cột “Nghỉ việc, chuyển đi từ ngày”: Người đã nghỉ việc, chuyển đi từ 01/02/2025"
    )

    # Marked as gone with no date: refused by its cell, not dated today (she may have left years ago).
    with schema_context(world.school_a.schema_name):
        known = {(p.full_name, p.status, p.left_school_on) for p in Staff.objects.all()}
    caught = refusal(
        world,
        filled_template(
            template,
            [
                person("Cao Văn Ở", "Nam", "03/03/1983"),
                person("Lưu Thị Mới", "Nữ", "05/05/1985", **{"Trạng thái": "Nghỉ việc"}),
            ],
        ),
    )
    assert caught.lines() == [
        "Dòng 6, cột “Nghỉ việc, chuyển đi từ ngày”: Hãy ghi ngày nghỉ việc, chuyển đi (ngày đầu tiên không "
        "còn công tác tại trường): thiếu ngày này thì số cán bộ của các năm học và thời gian công tác khi xét "
        "thi đua không tính đúng được"
    ]
    with schema_context(world.school_a.schema_name):
        assert {(p.full_name, p.status, p.left_school_on) for p in Staff.objects.all()} == known
