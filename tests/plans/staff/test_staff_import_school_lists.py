"""The staff register's and the award history's imports take the lists schools already keep: a title
block, headers in the school's words, a two-row header with merged cells ("Ngày sinh" over "Nam" |
"Nữ"), a row numbering the columns, group rows naming the department, a footer of totals and signatures,
dates typed as text, several sheets. Each test makes its workbook with openpyxl and checks the people
created (names, dates, gender, department), the warnings told for what was guessed, and that nothing
else was written."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django_tenants.utils import schema_context

from plans.staff.excel import ExcelImportError, import_award_workbook, import_staff_workbook
from plans.staff.models import AwardRecord, Department, Staff
from plans.staff.services import add_staff_member
from tests.factories.staff import with_cached_values

BEFORE = {"Giáo Viên Trường A", "Nguyễn Thị An"}  # the world's school A
TITLE_BLOCK = [
    ["UBND PHƯỜNG HÀ ĐÔNG", None, None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN NĂM HỌC 2025-2026"],
    [],
]


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(title, ()):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(world, data: bytes):
    with schema_context(world.school_a.schema_name):
        return import_staff_workbook(data, user=world.principal_a)


def refusal(world, data: bytes) -> ExcelImportError:
    with pytest.raises(ExcelImportError) as caught:
        run_import(world, data)
    return caught.value


def register(world) -> dict[str, tuple]:
    """Everyone on school A's register but the world's own: name → (birth, gender, department)."""
    with schema_context(world.school_a.schema_name):
        return {
            person.full_name: (
                person.date_of_birth,
                person.gender,
                person.department.name if person.department else None,
            )
            for person in Staff.objects.select_related("department")
            if person.full_name not in BEFORE
        }


def departments(world) -> set[str]:
    with schema_context(world.school_a.schema_name):
        return set(Department.objects.values_list("name", flat=True))


def test_the_classic_form_two_row_header_split_birth_dates_groups_and_footer(world):
    """Title block, "Ngày sinh" merged over "Nam" | "Nữ", a numbering row, group rows spanning the
    table, a total and the signatures: four people, each gender from the column their date is in."""
    rows = [
        *TITLE_BLOCK,
        ["STT", "Họ và tên", "Ngày sinh", None, "Chức vụ", "Trình độ chuyên môn", "Ghi chú"],
        [None, None, "Nam", "Nữ", None, None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["TỔ KHỐI 1"],
        [1, "Nguyễn Thị Lan", None, datetime.datetime(1985, 9, 5), "Tổ trưởng", "Đại học", None],
        [2, "Trần Văn Bình", "5/9/85", None, "Giáo viên", "Cao đẳng", None],
        ["Tổ Văn phòng"],
        [3, "Lê Thị Hoa", None, " 12 / 03 / 1990 ", "Kế toán", "Đại học", None],
        [4, "Phạm Văn Đức", "05-09-1979", None, "Bảo vệ", None, "Hợp đồng"],
        [],
        ["Tổng cộng: 4 người"],
        [None, None, None, None, "Hà Đông, ngày 05 tháng 9 năm 2025"],
        [None, "Người lập biểu", None, None, "Hiệu trưởng"],
        [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
        [],
        [None, "Đỗ Thị Thư", None, None, "Vũ Văn Trưởng"],
    ]
    merges = ["A6:A7", "B6:B7", "C6:D6", "E6:E7", "F6:F7", "G6:G7", "A9:G9", "A12:G12", "A16:G16"]
    known = departments(world)
    result = run_import(world, workbook({"Danh sách": rows}, {"Danh sách": merges}))

    assert register(world) == {
        "Nguyễn Thị Lan": (datetime.date(1985, 9, 5), "nu", "Tổ khối 1"),
        "Trần Văn Bình": (datetime.date(1985, 9, 5), "nam", "Tổ khối 1"),
        "Lê Thị Hoa": (datetime.date(1990, 3, 12), "nu", "Tổ Văn phòng"),
        "Phạm Văn Đức": (datetime.date(1979, 9, 5), "nam", "Tổ Văn phòng"),
    }
    assert departments(world) - known == {"Tổ Văn phòng"}  # "Tổ khối 1" was there, now with two more
    assert result.departments_created == ["Tổ Văn phòng"]
    assert (result.rows, result.created, result.updated) == (4, 4, 0)
    assert result.ignored_columns == ["Trình độ chuyên môn", "Ghi chú"]
    assert result.warnings == [
        "Dòng 10 “Nguyễn Thị Lan”: giới tính Nữ theo cột “Nữ” của “Ngày sinh”; tổ chuyên môn “Tổ khối 1” "
        "theo dòng nhóm 9",
        "Dòng 11 “Trần Văn Bình”: giới tính Nam theo cột “Nam” của “Ngày sinh”; tổ chuyên môn “Tổ khối 1” "
        "theo dòng nhóm 9",
        "Dòng 13 “Lê Thị Hoa”: giới tính Nữ theo cột “Nữ” của “Ngày sinh”; tổ chuyên môn “Tổ Văn phòng” "
        "theo dòng nhóm 12",
        "Dòng 14 “Phạm Văn Đức”: giới tính Nam theo cột “Nam” của “Ngày sinh”; tổ chuyên môn “Tổ Văn phòng” "
        "theo dòng nhóm 12",
    ]
    assert result.summary() == (
        "Đã nhập 4 dòng: thêm mới 4, cập nhật 0, không đổi 0. Tổ mới: Tổ Văn phòng. "
        "Đã đọc trang tính “Danh sách”. Các cột bỏ qua: “Trình độ chuyên môn”, “Ghi chú”. "
        "4 dòng có thông tin được suy ra, hãy xem lại bên dưới."
    )


def test_a_gender_column_synonyms_and_dates_typed_as_text(world):
    """One header row in the school's words ("Họ tên", "Giới tính" with nam/nữ, "Ngày tháng năm sinh",
    "Chức danh", "Bộ phận") under a title block, dates as text, and a department column beating the
    group rows: nothing is guessed, so nothing is warned."""
    rows = [
        *TITLE_BLOCK,
        ["TT", "Họ tên", "Giới tính", "Ngày tháng năm sinh", "Chức danh", "Bộ phận", "Quê quán"],
        ["Tổ khối 2"],
        [1, "Hoàng Thị Mai", "nữ", "05/09/1985", "Giáo viên", "Tổ khối 2", "Hà Nội"],
        [2, "Đinh Văn Nam", "NAM", "7/1/92", "Giáo viên", "Tổ khối 2", "Nam Định"],
        [3, "Bùi Thị Hằng", "Nữ", "05-10-1988", "Giáo viên", None, "Hà Nam"],
    ]
    result = run_import(world, workbook({"Sheet1": rows}))
    assert register(world) == {
        "Hoàng Thị Mai": (datetime.date(1985, 9, 5), "nu", "Tổ khối 2"),
        "Đinh Văn Nam": (datetime.date(1992, 1, 7), "nam", "Tổ khối 2"),
        "Bùi Thị Hằng": (datetime.date(1988, 10, 5), "nu", "Tổ khối 2"),
    }
    assert result.ignored_columns == ["Quê quán"]
    # Only the row with an empty department cell takes the group row's.
    assert result.warnings == ["Dòng 10 “Bùi Thị Hằng”: tổ chuyên môn “Tổ khối 2” theo dòng nhóm 7"]
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(full_name="Đinh Văn Nam").position == "Giáo viên"


def test_a_womens_column_of_marks_and_a_birth_year_alone(world):
    """ "Nữ" ticked with x (a blank cell: a man) and "Năm sinh" holding a year: the year gives 1 January,
    unless the one person of that name born that year is on the register already, who keeps her date."""
    with schema_context(world.school_a.schema_name):
        yen = add_staff_member(full_name="Ngô Thị Yến", gender="nu", position="Giáo viên")
        Staff.objects.filter(pk=yen.pk).update(date_of_birth=datetime.date(1983, 4, 20))
    rows = [
        ["Họ và tên giáo viên", "Nữ", "Năm sinh", "Tổ chuyên môn"],
        ["Ngô Thị Yến", "x", 1983, "Tổ Toán"],
        ["Lý Văn Sơn", None, "1979", "Tổ Toán"],
        ["Tạ Thị Thu", "X", 1995, "Tổ Toán"],
    ]
    result = run_import(world, workbook({"GV": rows}))
    assert register(world) == {
        "Ngô Thị Yến": (datetime.date(1983, 4, 20), "nu", "Tổ Toán"),
        "Lý Văn Sơn": (datetime.date(1979, 1, 1), "nam", "Tổ Toán"),
        "Tạ Thị Thu": (datetime.date(1995, 1, 1), "nu", "Tổ Toán"),
    }
    assert (result.created, result.updated) == (2, 1)
    assert result.warnings == [
        "Dòng 2 “Ngô Thị Yến”: giới tính Nữ theo dấu ở cột “Nữ”; chỉ ghi năm sinh 1983: khớp với người đã có, "
        "sinh ngày 20/04/1983",
        "Dòng 3 “Lý Văn Sơn”: giới tính Nam theo ô để trống ở cột “Nữ”; chỉ ghi năm sinh 1979: ghi ngày sinh "
        "là 01/01/1979",
        "Dòng 4 “Tạ Thị Thu”: giới tính Nữ theo dấu ở cột “Nữ”; chỉ ghi năm sinh 1995: ghi ngày sinh là "
        "01/01/1995",
    ]


def test_a_gender_column_of_marks_only_is_read_as_the_womens_column(world):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [1, "Kiều Thị Nga", "x", "02/02/1990"],
        [2, "Mai Văn Tùng", None, "03/03/1991"],
    ]
    result = run_import(world, workbook({"DS": rows}))
    assert register(world) == {
        "Kiều Thị Nga": (datetime.date(1990, 2, 2), "nu", None),
        "Mai Văn Tùng": (datetime.date(1991, 3, 3), "nam", None),
    }
    assert result.warnings == [
        "Dòng 2 “Kiều Thị Nga”: giới tính Nữ theo dấu ở cột “Giới tính”",
        "Dòng 3 “Mai Văn Tùng”: giới tính Nam theo ô trống (không có dấu) ở cột “Giới tính”",
    ]


def test_a_name_kept_in_two_columns_under_one_header(world):
    """ "Họ và tên" merged over "Họ đệm" | "Tên": the two cells make the name."""
    rows = [
        ["STT", "Họ và tên", None, "Giới tính", "Ngày sinh"],
        [None, "Họ đệm", "Tên", None, None],
        [1, "Nguyễn Thị", "Hương", "Nữ", "15/09/1988"],
        [2, "Lê  Văn", "Tốt", "Nam", "01/02/1980"],
    ]
    run_import(world, workbook({"DS": rows}, {"DS": ["B1:C1", "A1:A2", "D1:D2", "E1:E2"]}))
    assert register(world) == {
        "Nguyễn Thị Hương": (datetime.date(1988, 9, 15), "nu", None),
        "Lê Văn Tốt": (datetime.date(1980, 2, 1), "nam", None),
    }


def test_the_sheet_with_the_header_is_read_and_named(world):
    notes = [["Hướng dẫn: danh sách ở trang bên"], ["Cập nhật tháng 9/2025"]]
    rows = [["STT", "Họ và tên", "Giới tính", "Ngày sinh"], [1, "Dương Thị Vân", "Nữ", "04/04/1984"]]
    result = run_import(world, workbook({"Ghi chú": notes, "DS CBGVNV 2025": rows}))
    assert register(world) == {"Dương Thị Vân": (datetime.date(1984, 4, 4), "nu", None)}
    assert result.sheet == "DS CBGVNV 2025"
    assert "Đã đọc trang tính “DS CBGVNV 2025”." in result.summary()


def test_other_sheets_with_a_list_are_named_as_not_read(world):
    first = [["Họ và tên", "Giới tính", "Ngày sinh"], ["Dương Thị Một", "Nữ", "01/01/1981"]]
    second = [["Họ tên", "Giới tính", "Năm sinh"], ["Dương Văn Hai", "Nam", 1982]]
    result = run_import(world, workbook({"Tổ 1": first, "Tổ 2": second}))
    assert register(world) == {"Dương Thị Một": (datetime.date(1981, 1, 1), "nu", None)}
    assert result.other_sheets == ["Tổ 2"]
    assert (
        "Các trang “Tổ 2” cũng có danh sách nhưng không được đọc: mỗi lần nhập đọc một trang, hãy tải từng trang "
        "lên riêng." in result.summary()
    )


def test_a_birth_year_under_nam_and_nu(world):
    rows = [
        ["STT", "Họ và tên", "Năm sinh", None],
        [None, None, "Nam", "Nữ"],
        [1, "Chu Văn Năm", 1975, None],
        [2, "Chu Thị Nữ", None, "1976"],
    ]
    result = run_import(world, workbook({"DS": rows}, {"DS": ["C1:D1"]}))
    assert register(world) == {
        "Chu Văn Năm": (datetime.date(1975, 1, 1), "nam", None),
        "Chu Thị Nữ": (datetime.date(1976, 1, 1), "nu", None),
    }
    assert result.warnings[1] == (
        "Dòng 4 “Chu Thị Nữ”: giới tính Nữ theo cột “Nữ” của “Năm sinh”; chỉ ghi năm sinh 1976: ghi ngày sinh là "
        "01/01/1976"
    )


def test_a_two_row_header_without_merged_cells_is_read_the_same(world):
    """A sheet saved without its merges (or typed so): the sub-headers belong to the header on their left."""
    rows = [
        ["STT", "Họ và tên", "Ngày tháng năm sinh", None, "Tổ"],
        [None, None, "Nam", "Nữ", None],
        ["1", "2", "3", "4", "5"],
        [1, "Quách Văn Hải", "06/06/1986", None, "Tổ 4-5"],
        [2, "Phí Thị Liên", None, "07/07/1987", "Tổ 4-5"],
    ]
    run_import(world, workbook({"DS": rows}))
    assert register(world) == {
        "Quách Văn Hải": (datetime.date(1986, 6, 6), "nam", "Tổ 4-5"),
        "Phí Thị Liên": (datetime.date(1987, 7, 7), "nu", "Tổ 4-5"),
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [[1, "Vương Thị Kép", "01/01/1980", "02/02/1982"]],
            "Dòng 4, cột “Ngày sinh”: có ở cả cột “Nam” và cột “Nữ” của “Ngày sinh”; chỉ ghi ở cột đúng giới tính",
        ),
        (
            [[1, "Vương Thị Sai", None, "31/02/1982"]],
            "Dòng 4, cột “Ngày sinh”: không đọc được ngày “31/02/1982”",
        ),
        ([[1, "Vương Thị Trống", None, None]], "Dòng 4, cột “Ngày sinh”: không được để trống"),
        (
            [["Tổng cộng: 1"], [2, "Vương Văn Dưới", "01/01/1980", None]],
            "Dòng 5: dòng này nằm dưới dòng 4 (phần cuối danh sách: tổng cộng, chữ ký) nên không được nhập; "
            "hãy chuyển nó lên trên dòng đó",
        ),
    ],
)
def test_a_bad_row_of_a_school_list_refuses_the_whole_file(world, rows, message):
    header = [["STT", "Họ và tên", "Ngày sinh", None], [None, None, "Nam", "Nữ"]]
    good = [9, "Lê Văn Tốt", "01/02/1980", None]
    known = departments(world)
    caught = refusal(world, workbook({"DS": [*header, good, *rows]}, {"DS": ["C1:D1"]}))
    assert caught.lines() == [message]
    assert register(world) == {} and departments(world) == known


def test_unknown_columns_are_listed_when_a_required_one_is_missing(world):
    rows = [["STT", "Họ và tên", "Quê quán", "Chức vụ"], [1, "Hà Thị Một", "Hà Nội", "Giáo viên"]]
    caught = refusal(world, workbook({"DS": rows}))
    assert caught.message == (
        "Tệp không đúng mẫu: thiếu cột “Giới tính”, “Ngày sinh”. Các cột không nhận ra: “Quê quán”. "
        "Hãy tải tệp mẫu mới và chép dữ liệu vào đúng các cột của mẫu."
    )
    assert register(world) == {}


def test_the_award_history_takes_a_school_list_too(world):
    with schema_context(world.school_a.schema_name):
        khen = add_staff_member(full_name="Trịnh Thị Khen", gender="nu")
        Staff.objects.filter(pk=khen.pk).update(date_of_birth=datetime.date(1980, 5, 5))
        before = AwardRecord.objects.count()
    rows = [
        ["TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN"],
        ["DANH SÁCH CÁ NHÂN ĐƯỢC KHEN THƯỞNG"],
        [],
        [
            "TT",
            "Họ tên",
            "Năm sinh",
            "Năm học",
            "Danh hiệu thi đua",
            "Số QĐ",
            "Ngày ký",
            "Cơ quan quyết định",
        ],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [1, "Trịnh Thị Khen", 1980, "2023-2024", "LĐTT", "12/QĐ-UBND", "5/7/24", "UBND quận Hà Đông"],
        [],
        ["Tổng cộng: 1"],
        [None, "Người lập biểu", None, None, None, "Hiệu trưởng"],
    ]
    with schema_context(world.school_a.schema_name):
        result = import_award_workbook(workbook({"Khen thưởng": rows}), user=world.principal_a)
        award = AwardRecord.objects.get(staff__full_name="Trịnh Thị Khen")
        assert AwardRecord.objects.count() == before + 1
    assert (result.created, award.year, award.title, award.decision_number) == (1, 2024, "ldtt", "12/QĐ-UBND")
    assert award.decision_date == datetime.date(2024, 7, 5) and award.issuer_name == "UBND quận Hà Đông"


def test_a_gender_header_over_nam_and_nu_columns_of_marks(world):
    rows = [
        ["STT", "Họ và tên", "Giới tính", None, "Ngày sinh", "Tổ chuyên môn"],
        [None, None, "Nam", "Nữ", None, None],
        [1, "Tô Văn Khải", "x", None, "08/08/1988", "Tổ khối 3"],
        [2, "Lưu Thị Ngân", None, "x", "09/09/1989", "Tổ khối 3"],
    ]
    result = run_import(world, workbook({"DS": rows}, {"DS": ["C1:D1", "A1:A2", "B1:B2", "E1:E2", "F1:F2"]}))
    assert register(world) == {
        "Tô Văn Khải": (datetime.date(1988, 8, 8), "nam", "Tổ khối 3"),
        "Lưu Thị Ngân": (datetime.date(1989, 9, 9), "nu", "Tổ khối 3"),
    }
    assert result.warnings == [
        "Dòng 3 “Tô Văn Khải”: giới tính Nam theo dấu ở cột “Nam”",
        "Dòng 4 “Lưu Thị Ngân”: giới tính Nữ theo dấu ở cột “Nữ”",
    ]


def test_the_job_page_shows_each_guessed_row_as_a_warning(world, client_for, upload_now):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", None, "Quê quán"],
        [None, None, "Nam", "Nữ", None],
        ["Tổ Tiếng Anh"],
        [1, "Đàm Thị Phương", None, "10/10/1990", "Hải Phòng"],
    ]
    principal = client_for(world.principal_a, world.school_a)
    response = upload_now(principal, "/can-bo/nhap/", "danh-sach-truong.xlsx", workbook({"DS": rows}))
    page = principal.get(response["Location"]).content.decode()
    assert "Đã nhập 1 dòng: thêm mới 1" in page and "Các cột bỏ qua: “Quê quán”" in page
    assert 'data-testid="import-warnings"' in page
    assert (
        "Dòng 4 “Đàm Thị Phương”: giới tính Nữ theo cột “Nữ” của “Ngày sinh”; tổ chuyên môn “Tổ Tiếng Anh” "
        "theo dòng nhóm 3" in page
    )
    assert register(world) == {"Đàm Thị Phương": (datetime.date(1990, 10, 10), "nu", "Tổ Tiếng Anh")}


CSV_LIST = (
    "DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN\n"
    "\n"
    "STT;Họ và tên;Giới tính;Ngày sinh;Tổ\n"
    "1;Nguyễn Thị Thảo;Nữ;05/09/1985;Tổ khối 4\n"
    '2;"Trần Văn Hùng";nam;5/9/85;"Tổ Văn phòng"\n'
    ";Người lập biểu;;;\n"
)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_csv_list_in_utf8_is_read_through_the_upload(world, client_for, upload_now, bom):
    """A sheet saved as .csv (Excel on a Vietnamese computer separates with semicolons, and writes a
    byte-order mark with "CSV UTF-8"), uploaded through the page and read by the job."""
    principal = client_for(world.principal_a, world.school_a)
    response = upload_now(principal, "/can-bo/nhap/", "danh-sach.csv", bom + CSV_LIST.encode())
    assert "Đã nhập 2 dòng: thêm mới 2" in principal.get(response["Location"]).content.decode()
    assert register(world) == {
        "Nguyễn Thị Thảo": (datetime.date(1985, 9, 5), "nu", "Tổ khối 4"),
        "Trần Văn Hùng": (datetime.date(1985, 9, 5), "nam", "Tổ Văn phòng"),
    }


def test_a_csv_not_in_utf8_is_refused_with_what_to_do(world):
    with schema_context(world.school_a.schema_name), pytest.raises(ExcelImportError) as caught:
        import_staff_workbook(
            CSV_LIST.encode("cp1258", errors="replace"), user=world.principal_a, filename="ds.csv"
        )
    assert caught.value.message.startswith("Tệp .csv không được lưu theo mã UTF-8")
    assert register(world) == {}


def test_a_person_whose_name_begins_like_a_total_is_not_the_footer(world):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [1, "Tống Công Minh", "Nam", "01/01/1981"],
        [2, "Tổng Thị Số", "Nữ", "02/02/1982"],
        [None, "Tổng số: 2 người"],
        [None, "Hiệu trưởng"],
        [None, "Tống Văn Ký"],
    ]
    result = run_import(world, workbook({"DS": rows}))
    assert register(world) == {
        "Tống Công Minh": (datetime.date(1981, 1, 1), "nam", None),
        "Tổng Thị Số": (datetime.date(1982, 2, 2), "nu", None),
    }
    assert result.rows == 2 and result.warnings == []


def test_group_rows_in_the_number_or_name_column_and_their_counts(world):
    """The table starting in column B, headers broken over lines or with hints in brackets, a numbered
    group row in the STT column, a group row in the name column (one with its number in the STT column),
    and each group's count row skipped."""
    rows = [
        [None, "DANH SÁCH"],
        [
            None,
            "STT",
            "Họ và\ntên (*)",
            "Nữ (x)",
            "Ngày, tháng, năm sinh (dd/mm/yyyy)",
            "Chức vụ",
            "Chức danh nghề nghiệp",
        ],
        [None, "I. BAN GIÁM HIỆU"],
        [None, 1, "Vũ Thị Hiệu", "x", "01/01/1970", "Hiệu trưởng", "GV hạng II"],
        [None, None, "Cộng: 1"],
        [None, None, "Tổ Toán"],
        [None, 2, "Đỗ Văn Toán", None, datetime.datetime(1980, 2, 2), "Giáo viên", None],
        [None, 3, "Lã Thị Số", "x", "3/3/80", "Giáo viên", None],
        [None, None, "Cộng tổ Toán: 2"],
        [None, "III", "TỔ VĂN PHÒNG"],
        [None, 4, "Mạc Văn Phòng", None, "4/4/84", "Bảo vệ", None],
    ]
    result = run_import(world, workbook({"Sheet1": rows}))
    assert register(world) == {
        "Vũ Thị Hiệu": (datetime.date(1970, 1, 1), "nu", "Ban giám hiệu"),
        "Đỗ Văn Toán": (datetime.date(1980, 2, 2), "nam", "Tổ Toán"),
        "Lã Thị Số": (datetime.date(1980, 3, 3), "nu", "Tổ Toán"),
        "Mạc Văn Phòng": (datetime.date(1984, 4, 4), "nam", "Tổ văn phòng"),
    }
    assert result.rows == 4 and result.ignored_columns == ["Chức danh nghề nghiệp"]
    assert result.warnings[1] == (
        "Dòng 7 “Đỗ Văn Toán”: giới tính Nam theo ô để trống ở cột “Nữ (x)”; tổ chuyên môn “Tổ Toán” theo dòng nhóm 6"
    )
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(full_name="Vũ Thị Hiệu").position == "Hiệu trưởng"


def test_a_total_counted_by_a_formula_still_ends_the_list(world):
    """Excel saves the formula's value beside it; the total row ends the list whatever it holds."""
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [1, "Hồ Thị Đếm", "Nữ", "04/04/1984"],
        ["Tổng cộng", '="1 người"', None, None],
    ]
    data = with_cached_values(workbook({"Sheet": rows}), {"B3": "1 người"})
    result = run_import(world, data)
    assert register(world) == {"Hồ Thị Đếm": (datetime.date(1984, 4, 4), "nu", None)}
    assert result.rows == 1


@pytest.mark.parametrize(
    ("merged", "pieces"),
    [(True, ["Ngày", "Tháng", "Năm"]), (False, ["Ngày", "Tháng", "Năm"]), (True, ["Ngay", "Thang", "Nam"])],
)
def test_a_birth_date_kept_in_day_month_and_year_columns(world, merged, pieces):
    """ "Ngày sinh" over "Ngày" | "Tháng" | "Năm", numbers or text (with or without the merge, or typed
    without diacritics, "Nam" then being the year beside "Ngay" | "Thang"): one date; a year alone is
    1 January of it, told as guessed."""
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", None, None, "Chức vụ"],
        [None, None, None, *pieces, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        [1, "Lương Thị Mai", "Nữ", 5, 9, 1988, "Giáo viên"],
        [2, "Đỗ Văn Hùng", "Nam", "07", "11", "1979", "Tổ trưởng"],
        [3, "Phí Thị Yến", "Nữ", None, None, 1990, "Nhân viên"],
    ]
    result = run_import(world, workbook({"DS": rows}, {"DS": ["D1:F1"] if merged else []}))
    assert register(world) == {
        "Lương Thị Mai": (datetime.date(1988, 9, 5), "nu", None),
        "Đỗ Văn Hùng": (datetime.date(1979, 11, 7), "nam", None),
        "Phí Thị Yến": (datetime.date(1990, 1, 1), "nu", None),
    }
    assert result.ignored_columns == []
    assert result.warnings == ["Dòng 6 “Phí Thị Yến”: chỉ ghi năm sinh 1990: ghi ngày sinh là 01/01/1990"]


def test_three_plain_birth_headers_and_nam_nu_marks_in_one_two_row_header(world):
    """ "Ngày sinh" | "Tháng sinh" | "Năm sinh" as three headers of their own; and "Giới tính" over
    "Nam" | "Nữ" marks beside "Ngày sinh" over its pieces."""
    plain = [
        ["TT", "Họ tên", "Giới tính", "Ngày sinh", "Tháng sinh", "Năm sinh"],
        [1, "Hồ Thị Thu", "Nữ", "12", "3", "1992"],
        [2, "Tạ Văn Đông", "Nam", 1, 12, "85"],
    ]
    run_import(world, workbook({"DS": plain}))
    marked = [
        ["TT", "Họ tên", "Giới tính", None, "Ngày sinh", None, None],
        [None, None, "Nam", "Nữ", "Ngày", "Tháng", "Năm"],
        [1, "Lò Văn Xuân", "x", None, 2, 2, 1983],
        [2, "Lò Thị Hạ", None, "x", 29, 2, 1984],
    ]
    result = run_import(world, workbook({"DS": marked}, {"DS": ["C1:D1", "E1:G1"]}))
    assert register(world) == {
        "Hồ Thị Thu": (datetime.date(1992, 3, 12), "nu", None),
        "Tạ Văn Đông": (datetime.date(1985, 12, 1), "nam", None),
        "Lò Văn Xuân": (datetime.date(1983, 2, 2), "nam", None),
        "Lò Thị Hạ": (datetime.date(1984, 2, 29), "nu", None),
    }
    assert result.warnings[1] == "Dòng 4 “Lò Thị Hạ”: giới tính Nữ theo dấu ở cột “Nữ”"


def test_two_of_the_three_birth_headers_are_not_a_date_in_pieces(world):
    """ "Ngày sinh" and "Năm sinh" without "Tháng sinh": the date is read from "Ngày sinh" as before."""
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Năm sinh"],
        [1, "Ninh Thị Hoa", "Nữ", "04/05/1991", 1991],
    ]
    result = run_import(world, workbook({"DS": rows}))
    assert register(world) == {"Ninh Thị Hoa": (datetime.date(1991, 5, 4), "nu", None)}
    assert result.ignored_columns == ["Năm sinh"]


def test_a_bad_birth_date_in_pieces_is_refused_by_row_and_column(world):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", None, None],
        [None, None, None, "Ngày", "Tháng", "Năm"],
        [1, "Lê Văn Tốt", "Nam", 1, 2, 1980],
        [2, "Lê Thị Sai", "Nữ", 31, 2, 1990],
        [3, "Lê Thị Thiếu", "Nữ", 12, None, "1985"],
        [4, "Lê Văn Chữ", "Nam", 3, "ba", 1986],
    ]
    known = departments(world)
    caught = refusal(world, workbook({"DS": rows}, {"DS": ["D1:F1"]}))
    assert caught.lines() == [
        "Dòng 4, cột “Ngày sinh”: không có ngày 31/2/1990; hãy xem lại các cột ngày, tháng, năm",
        "Dòng 5, cột “Ngày sinh”: thiếu tháng (12/…/1985); hãy ghi đủ ngày, tháng, năm",
        "Dòng 6, cột “Ngày sinh”: tháng “ba” không phải là số",
    ]
    assert register(world) == {} and departments(world) == known


def test_a_gender_column_of_marks_with_signatures_under_it(world):
    """The footer's signers and titles written under "Giới tính" end the table before its cells are
    judged to be marks: the marks stay marks."""
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [1, "Kiều Thị Nga", "x", "02/02/1990"],
        [2, "Mai Văn Tùng", None, "03/03/1991"],
        [],
        [None, "Người lập biểu", "Hiệu trưởng"],
        [None, None, "(Ký, ghi rõ họ tên)"],
        [None, "Trần Văn Lập", "Nguyễn Thị Hiệu"],
    ]
    result = run_import(world, workbook({"DS": rows}))
    assert register(world) == {
        "Kiều Thị Nga": (datetime.date(1990, 2, 2), "nu", None),
        "Mai Văn Tùng": (datetime.date(1991, 3, 3), "nam", None),
    }
    assert result.rows == 2


def test_award_rows_take_their_school_year_from_the_group_row_above(world):
    """ "Năm học 2022-2023", "NĂM HỌC 2023 - 2024" (merged over the table) and "Năm 2025" above blocks of
    awards fill the school year of the rows under them whose cell is blank, told as guessed; a row's
    own school year stays."""
    with schema_context(world.school_a.schema_name):
        for name in ("Đinh Thị Khen", "Đinh Văn Thưởng"):
            add_staff_member(full_name=name, gender="nu")
        before = AwardRecord.objects.count()
    rows = [
        ["DANH SÁCH CÁ NHÂN ĐƯỢC KHEN THƯỞNG"],
        ["TT", "Họ và tên", "Năm học", "Danh hiệu", "Số QĐ", "Cơ quan ban hành"],
        ["Năm học 2022-2023"],
        [1, "Đinh Thị Khen", None, "LĐTT", "11/QĐ-UBND", "UBND quận Hà Đông"],
        ["NĂM HỌC 2023 - 2024"],
        [1, "Đinh Thị Khen", None, "LĐTT", "21/QĐ-UBND", "UBND quận Hà Đông"],
        [2, "Đinh Văn Thưởng", "2020-2021", "LĐTT", "5/QĐ-UBND", "UBND quận Hà Đông"],
        [None, "Năm 2025"],
        [1, "Đinh Văn Thưởng", None, "CSTĐCS", "31/QĐ-UBND", "UBND phường Hà Đông"],
    ]
    with schema_context(world.school_a.schema_name):
        result = import_award_workbook(
            workbook({"Khen thưởng": rows}, {"Khen thưởng": ["A5:F5"]}), user=world.principal_a
        )
        awards = {
            (award.staff.full_name, award.year, award.title)
            for award in AwardRecord.objects.select_related("staff").filter(
                staff__full_name__startswith="Đinh"
            )
        }
        assert AwardRecord.objects.count() == before + 4
    assert awards == {
        ("Đinh Thị Khen", 2023, "ldtt"),
        ("Đinh Thị Khen", 2024, "ldtt"),
        ("Đinh Văn Thưởng", 2021, "ldtt"),
        ("Đinh Văn Thưởng", 2025, "cstdcs"),
    }
    assert result.warnings == [
        "Dòng 4 “Đinh Thị Khen”: năm học “2022-2023” theo dòng nhóm 3",
        "Dòng 6 “Đinh Thị Khen”: năm học “2023-2024” theo dòng nhóm 5",
        "Dòng 9 “Đinh Văn Thưởng”: năm học “2024-2025” theo dòng nhóm 8",
    ]


def test_a_school_year_row_that_is_no_school_year_is_not_a_group(world):
    """ "Năm học 2023-2025" names no school year: it is read as an award row, and refused."""
    with schema_context(world.school_a.schema_name):
        add_staff_member(full_name="Đinh Thị Khen", gender="nu")
        before = AwardRecord.objects.count()
    rows = [
        ["TT", "Họ và tên", "Năm học", "Danh hiệu", "Cơ quan ban hành"],
        [None, "Năm học 2023-2025"],
        [1, "Đinh Thị Khen", None, "LĐTT", "UBND quận Hà Đông"],
    ]
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ExcelImportError) as caught:
            import_award_workbook(workbook({"Khen thưởng": rows}), user=world.principal_a)
        assert AwardRecord.objects.count() == before
    assert "Dòng 3, cột “Năm học”: không được để trống" in caught.value.lines()


def test_a_sheet_declaring_more_merged_cells_than_a_list_can_have_is_refused_and_nothing_saved(world):
    """Merges are read from the sheet's XML and each one is kept: a sheet within the row and column
    limits can still declare millions of them. One more than a list of 20,000 people could need (and
    its header) is refused by name, before any row is read. The merges are written into the XML
    directly: openpyxl takes minutes to merge this many."""
    from openpyxl.utils import get_column_letter

    rows = [["STT", "Họ và tên", "Giới tính", "Ngày sinh"], [1, "Nguyễn Thị Hương", "Nữ", "15/09/1988"]]
    refs = [
        f"{get_column_letter(column)}{row}:{get_column_letter(column + 1)}{row}"
        for row in range(10, 2020)
        for column in range(20, 42, 2)
    ]
    assert len(refs) > 20_030
    merges = (
        f'<mergeCells count="{len(refs)}">'
        + "".join(f'<mergeCell ref="{r}"/>' for r in refs)
        + "</mergeCells>"
    )
    source, output = zipfile.ZipFile(io.BytesIO(workbook({"Danh sách": rows}))), io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", b"</sheetData>" + merges.encode())
            target.writestr(item, content)
    before = register(world)
    error = refusal(world, output.getvalue())
    assert "Trang tính “Danh sách” có quá nhiều ô gộp (hơn 20.030 vùng)" in error.message
    assert register(world) == before
