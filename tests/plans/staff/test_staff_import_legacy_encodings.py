"""Staff registers and award histories kept in the legacy Vietnamese encodings: cells in ".VnTime",
".VnTimeH" or "VNI-Times" fonts, or TCVN3 text pasted into the Unicode template, are imported in
Unicode, with a note on the result; a Unicode register is left exactly as it is."""

import datetime
import io

import openpyxl
import pytest
from django_tenants.utils import schema_context
from openpyxl.styles import Font

from office.audit.models import AuditEvent
from plans.staff import services
from plans.staff.excel import import_award_workbook, import_staff_workbook
from plans.staff.models import AwardRecord, Department, Staff
from tests.factories.legacy_vietnamese import to_tcvn3, to_vni
from tests.factories.staff import AWARD_HEADER, STAFF_HEADER, filled_template, person, staff_template_in

TCVN3_NOTE = (
    "Tệp dùng bảng mã TCVN3 (phông .VnTime, .VnTimeH): đã chuyển sang Unicode, hãy soát lại chính tả."
)
VNI_NOTE = "Tệp dùng bảng mã VNI-Windows (phông VNI-Times): đã chuyển sang Unicode, hãy soát lại chính tả."


def in_font(text, font: str):
    """A cell as the old register holds it: its text in the encoding its font draws."""
    if not isinstance(text, str):
        return (text, None)
    if font == ".VnTime":
        return (to_tcvn3(text), font)
    if font == ".VnTimeH":
        return (to_tcvn3(text.lower()), font)
    if font == "VNI-Times":
        return (to_vni(text), font)
    return (text, font)


def workbook(rows, title="Danh sách cán bộ") -> bytes:
    """A sheet whose cells are (value, font) pairs; a font of None keeps the default (Calibri)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row_number, row in enumerate(rows, start=1):
        for column, (value, font) in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if font:
                cell.font = Font(name=font)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def typed_in(font: str, row: list) -> list:
    return [in_font(value, font) for value in row]


def names(world) -> list[str]:
    with schema_context(world.school_a.schema_name):
        return sorted(Staff.objects.values_list("full_name", flat=True))


def run_staff_import(world, data):
    with schema_context(world.school_a.schema_name):
        return import_staff_workbook(data, user=world.principal_a)


def test_a_register_typed_in_vntime_cells_imports_with_unicode_names(world):
    data = workbook(
        [
            typed_in(".VnTimeH", ["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"]),
            typed_in(".VnTime", STAFF_HEADER),
            typed_in(".VnTime", person("Nguyễn Thị Hương", "Nữ", "15/09/1988", **{"Chức vụ": "Tổ trưởng"})),
            typed_in(
                ".VnTime", person("Trần Văn Hùng", "Nam", "02/03/1985", **{"Tổ chuyên môn": "Tổ Văn phòng"})
            ),
            typed_in(".VnTimeH", person("lê thị thu trang", "nữ", "20/11/1992")),
            typed_in(
                "VNI-Times", person("Phạm Quốc Việt", "Nam", "01/06/1979", **{"Trực tiếp giảng dạy": "Không"})
            ),
            # Typed in Unicode into a cell of the old font: left as it is.
            typed_in(None, person("Đỗ Thùy Dương", "Nữ", "05/05/1995")),
        ]
    )
    result = run_staff_import(world, data)
    assert (result.rows, result.created) == (5, 5)
    assert result.notes == [TCVN3_NOTE, VNI_NOTE]
    assert result.summary().endswith(f"{TCVN3_NOTE} {VNI_NOTE}")
    assert names(world) == sorted(
        [
            "Giáo Viên Trường A",
            "Nguyễn Thị An",
            "Nguyễn Thị Hương",
            "Trần Văn Hùng",
            "LÊ THỊ THU TRANG",
            "Phạm Quốc Việt",
            "Đỗ Thùy Dương",
        ]
    )
    with schema_context(world.school_a.schema_name):
        huong = Staff.objects.get(full_name="Nguyễn Thị Hương")
        assert (huong.gender, huong.position, huong.search_name) == (
            Staff.Gender.FEMALE,
            "Tổ trưởng",
            "nguyen thi huong",
        )
        assert huong.date_of_birth == datetime.date(1988, 9, 15) and huong.department.name == "Tổ khối 1"
        assert not Staff.objects.get(full_name="Phạm Quốc Việt").teaches
        assert set(Department.objects.values_list("name", flat=True)) >= {"Tổ khối 1", "Tổ Văn phòng"}
        event = AuditEvent.objects.get(action="staff.imported")
        assert TCVN3_NOTE in event.summary


def test_tcvn3_names_pasted_into_the_unicode_template_are_converted_and_its_lists_left_alone(world):
    # Names copied out of an old .VnTime register, pasted as plain values: the template's font, no hint.
    template = staff_template_in(world.school_a)
    data = filled_template(
        template,
        [
            person(
                to_tcvn3("Nguyễn Thị Hương"), "Nữ", "15/09/1988", **{"Tổ chuyên môn": to_tcvn3("Tổ khối 1")}
            ),
            person(to_tcvn3("Trần Văn Hùng"), "Nam", "02/03/1985"),
            person("Lê Hà", "Nữ", "04/04/1990", **{"Trực tiếp giảng dạy": "Có"}),
        ],
    )
    result = run_staff_import(world, data)
    assert result.created == 3
    assert result.notes == ["Tệp dùng bảng mã TCVN3: đã chuyển sang Unicode, hãy soát lại chính tả."]
    assert {"Nguyễn Thị Hương", "Trần Văn Hùng", "Lê Hà"} <= set(names(world))
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.get(full_name="Lê Hà").teaches
        assert Staff.objects.get(full_name="Nguyễn Thị Hương").department.name == "Tổ khối 1"


@pytest.mark.parametrize(
    "name",
    ["Lê Hà", "Tô Lâm", "Hồ Xuân Hương", "Đào Duy Từ", "Giáp Văn Cương", "Ngô Bảo Châu", "Vũ Thị Ánh"],
)
def test_a_unicode_register_is_never_converted_even_in_an_old_font(world, name):
    row = person(name, "Nữ", "15/09/1988", **{"Chức vụ": "Giáo viên", "Tổ chuyên môn": "Tổ Toán"})
    data = workbook([[(value, None) for value in STAFF_HEADER], [(value, ".VnTime") for value in row]])
    result = run_staff_import(world, data)
    assert result.notes == [] and "bảng mã" not in result.summary()
    assert name in names(world)


def test_an_award_history_in_vntime_cells_finds_its_people(world):
    with schema_context(world.school_a.schema_name):
        huong = services.create_staff(
            user=world.principal_a,
            full_name="Nguyễn Thị Hương",
            gender="nu",
            date_of_birth=datetime.date(1988, 9, 15),
        )
    row = [None, "Nguyễn Thị Hương", None, "2023-2024", "Lao động tiên tiến", "1234/QĐ-UBND", "15/07/2024"]
    row += ["UBND quận Hà Đông", None, None, "Giáo viên dạy giỏi cấp trường"]
    data = workbook(
        [typed_in(".VnTime", AWARD_HEADER), typed_in(".VnTime", row)], title="Lịch sử khen thưởng"
    )
    with schema_context(world.school_a.schema_name):
        result = import_award_workbook(data, user=world.principal_a)
        award = AwardRecord.objects.get()
    assert result.notes == [
        "Tệp dùng bảng mã TCVN3 (phông .VnTime): đã chuyển sang Unicode, hãy soát lại chính tả."
    ]
    assert award.staff_id == huong.pk and award.issuer_name == "UBND quận Hà Đông"
    assert award.note == "Giáo viên dạy giỏi cấp trường"


def test_the_import_job_page_shows_the_note(world, client_for, upload_now):
    client = client_for(world.principal_a, world.school_a)
    data = workbook([typed_in(".VnTime", STAFF_HEADER), typed_in(".VnTime", person("Trần Văn Hùng", "Nam"))])
    response = upload_now(client, "/can-bo/nhap/", "can-bo-cu.xlsx", data)
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 1 dòng" in page
    assert "Tệp dùng bảng mã TCVN3 (phông .VnTime): đã chuyển sang Unicode, hãy soát lại chính tả." in page
    assert "Trần Văn Hùng" in names(world)


def test_a_csv_list_whose_text_was_typed_in_tcvn3_is_read_in_unicode_header_and_names(world):
    """A .csv has no fonts: a list copied out of an old .VnTime register is judged by its words, its
    header found once converted."""
    lines = [
        ",".join(to_tcvn3(cell) for cell in ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Tổ chuyên môn"]),
        ",".join([*map(to_tcvn3, ["1", "Nguyễn Thị Hương", "Nữ", "15/09/1988", "Tổ khối một"])]),
        ",".join([*map(to_tcvn3, ["2", "Trần Văn Hùng", "Nam", "02/03/1985", "Tổ văn phòng"])]),
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with schema_context(world.school_a.schema_name):
        result = import_staff_workbook(data, user=world.principal_a, filename="danh-sach.csv")
        departments = sorted(Department.objects.values_list("name", flat=True))
    assert "Nguyễn Thị Hương" in names(world) and "Trần Văn Hùng" in names(world)
    assert "Tổ khối một" in departments and "Tổ văn phòng" in departments
    assert any("TCVN3" in note for note in result.notes)
