"""The award history's Excel import: the same all-or-nothing machinery as the staff register."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.rules.vocabulary import Title
from plans.staff import services
from plans.staff.excel import ExcelImportError, import_award_workbook
from plans.staff.models import AwardRecord
from tests.factories.staff import (
    AWARD_HEADER,
    award_row,
    award_template_in,
    filled_template,
    sheet_bytes,
)


@pytest.fixture
def people(world):
    """Two teachers of school A, and two namesakes told apart only by their birth dates."""
    with schema_context(world.school_a.schema_name):
        create = services.create_staff
        user = world.principal_a
        return {
            "anh": create(
                user=user, full_name="Lê Minh Anh", gender="nu", date_of_birth=datetime.date(1990, 5, 12)
            ),
            "huong1": create(
                user=user, full_name="Nguyễn Thị Hương", gender="nu", date_of_birth=datetime.date(1980, 1, 1)
            ),
            "huong2": create(
                user=user, full_name="Nguyễn Thị Hương", gender="nu", date_of_birth=datetime.date(1992, 2, 2)
            ),
        }


def run_import(world, data):
    with schema_context(world.school_a.schema_name):
        return import_award_workbook(data, user=world.principal_a)


def refusal(world, data) -> ExcelImportError:
    with pytest.raises(ExcelImportError) as caught:
        run_import(world, data)
    return caught.value


def stored(world) -> list[tuple]:
    with schema_context(world.school_a.schema_name):
        return sorted(
            (a.staff.full_name if a.staff else "Tập thể", a.school_year, a.title, a.issuer_name, a.source)
            for a in AwardRecord.objects.select_related("staff")
        )


def test_the_template_filled_in_records_people_and_the_school(world, people):
    data = filled_template(
        award_template_in(world.school_a),
        [
            award_row("Lê Minh Anh", "2023-2024", "Lao động tiên tiến"),
            award_row("Lê Minh Anh", "2023-2024", "CSTĐCS", **{"Số quyết định": "1235/QĐ-UBND"}),
            award_row(
                "Lê Minh Anh",
                "2024–2025",
                "Chien si thi dua co so",
                "UBND phường Hà Đông",
                **{"Ngày quyết định": datetime.datetime(2025, 8, 15), "Mã sáng kiến": "3, 5"},
            ),
            award_row("Nguyễn Thị Hương", 2024, "LĐTT", **{"Ngày sinh": "02/02/1992"}),
            award_row("Tập thể", "2023-2024", "TTLĐXS", "UBND thành phố Hà Nội"),
        ],
    )
    result = run_import(world, data)
    assert (result.rows, result.created, result.updated) == (5, 5, 0)
    assert stored(world) == [
        ("Lê Minh Anh", "2023-2024", Title.CSTDCS, "UBND quận Hà Đông", "imported"),
        ("Lê Minh Anh", "2023-2024", Title.LDTT, "UBND quận Hà Đông", "imported"),
        ("Lê Minh Anh", "2024-2025", Title.CSTDCS, "UBND phường Hà Đông", "imported"),
        ("Nguyễn Thị Hương", "2023-2024", Title.LDTT, "UBND quận Hà Đông", "imported"),
        ("Tập thể", "2023-2024", Title.TTLDXS, "UBND thành phố Hà Nội", "imported"),
    ]
    with schema_context(world.school_a.schema_name):
        latest = AwardRecord.objects.get(year=2025)
        assert latest.initiative_ids == [3, 5] and latest.decision_date == datetime.date(2025, 8, 15)
        assert AwardRecord.objects.get(title=Title.LDTT, year=2024, staff__date_of_birth__year=1992)
        assert AuditEvent.objects.get(action="award.imported").after["created"] == 5


def test_reimporting_updates_the_recorded_title_instead_of_adding_it(world, people):
    run_import(world, sheet_bytes([award_row("Lê Minh Anh", "2023-2024", "LĐTT")], header=AWARD_HEADER))
    again = sheet_bytes(
        [award_row("Lê Minh Anh", "2023-2024", "LĐTT", **{"Số quyết định": "1300/QĐ-UBND"})],
        header=AWARD_HEADER,
    )
    result = run_import(world, again)
    assert (result.created, result.updated) == (0, 1)
    with schema_context(world.school_a.schema_name):
        assert AwardRecord.objects.get().decision_number == "1300/QĐ-UBND"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            award_row("Trần Văn Vắng", "2023-2024", "LĐTT"),
            "Dòng 2, cột “Họ và tên”: không có “Trần Văn Vắng” trong danh sách cán bộ",
        ),
        (
            award_row("Nguyễn Thị Hương", "2023-2024", "LĐTT"),
            "Dòng 2, cột “Họ và tên”: trường có 2 người tên “Nguyễn Thị Hương”; hãy ghi thêm ngày sinh",
        ),
        (
            award_row("Lê Minh Anh", "2023-2025", "LĐTT"),
            "Dòng 2, cột “Năm học”: không đọc được năm học “2023-2025”; hãy ghi dạng 2023-2024",
        ),
        (
            award_row("Lê Minh Anh", "2023-2024", "Huy chương vàng"),
            "Dòng 2, cột “Danh hiệu, hình thức”: “Huy chương vàng” không có trong danh sách "
            "(xem danh sách chọn trong tệp mẫu, ví dụ Lao động tiên tiến, LĐTT, CSTĐCS)",
        ),
        (
            award_row("Lê Minh Anh", "2023-2024", "TTLĐTT"),
            "Dòng 2, cột “Danh hiệu, hình thức”: “Tập thể lao động tiên tiến” là danh hiệu tập thể, "
            "không tặng cho cá nhân",
        ),
        (
            award_row("Tập thể", "2023-2024", "LĐTT"),
            "Dòng 2, cột “Danh hiệu, hình thức”: “Lao động tiên tiến” là danh hiệu cá nhân, không tặng cho tập thể",
        ),
        (
            award_row("Lê Minh Anh", "2023-2024", "LĐTT", issuer=None),
            "Dòng 2, cột “Cơ quan ban hành”: không được để trống",
        ),
        (
            award_row("Lê Minh Anh", "2023-2024", "Giấy khen", **{"Mã sáng kiến": "SK1"}),
            "Dòng 2, cột “Mã sáng kiến đã dùng”: mã sáng kiến “SK1” không hợp lệ",
        ),
    ],
)
def test_a_bad_award_row_is_named_and_nothing_is_saved(world, people, row, message):
    good = award_row("Lê Minh Anh", "2022-2023", "LĐTT")
    caught = refusal(world, sheet_bytes([row, good], header=AWARD_HEADER))
    assert caught.lines() == [message]
    assert stored(world) == []


def test_the_same_title_twice_in_the_file_is_an_error(world, people):
    rows = [
        award_row("Lê Minh Anh", "2023-2024", "LĐTT"),
        award_row("lê minh anh", "2023-2024", "Lao động tiên tiến"),
    ]
    caught = refusal(world, sheet_bytes(rows, header=AWARD_HEADER))
    assert caught.lines() == ["Dòng 3, cột “Danh hiệu, hình thức”: trùng với dòng 2"]


def test_a_wrong_award_template_is_refused(world, people):
    header = [name for name in AWARD_HEADER if name != "Năm học (*)"]
    caught = refusal(world, sheet_bytes([["", "Lê Minh Anh"]], header=header))
    assert caught.message.startswith("Tệp không đúng mẫu: thiếu cột “Năm học”.")
