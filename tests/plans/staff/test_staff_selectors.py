"""What other parts read about a person: years of service (study and military in, discipline out),
restrictions pending on a date, maternity leave, awards; and the services' refusals behind them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.rules.vocabulary import DisciplineLevel, Title
from plans.staff import services
from plans.staff.models import Staff, StaffStatusPeriod
from plans.staff.selectors import (
    active_restrictions,
    awards_by_staff,
    awards_of,
    collective_awards,
    initiative_uses,
    maternity_periods,
    restrictions_by_staff,
    service_years,
    staff_history,
    staff_with_records,
)
from plans.staff.services import StaffError

Kind = StaffStatusPeriod.Kind
D = datetime.date


def refused(message: str):
    return pytest.raises(StaffError, match=re.escape(message))


@pytest.fixture
def in_school_a(world):
    with schema_context(world.school_a.schema_name):
        yield world


def teacher(world, name="Lê Minh Anh", **fields) -> Staff:
    defaults = {"date_of_birth": D(1985, 5, 12), "joined_sector_on": D(2005, 9, 1)}
    return services.create_staff(
        user=world.principal_a, full_name=name, gender="nu", **{**defaults, **fields}
    )


def discipline(world, staff, starts_on, ends_on=None, level=DisciplineLevel.REPRIMAND):
    return services.add_status_period(
        staff,
        user=world.principal_a,
        kind=Kind.DISCIPLINE,
        starts_on=starts_on,
        ends_on=ends_on,
        discipline_level=level,
    )


def test_service_years_count_whole_anniversaries_exactly(in_school_a):
    anh = teacher(in_school_a)
    assert service_years(anh, D(2025, 9, 1)) == Decimal("20.00")
    assert service_years(anh, D(2025, 8, 31)) == Decimal("19.99")  # a day short is not 20
    assert service_years(anh, D(2006, 3, 1)) == Decimal("0.50")
    assert service_years(anh, D(2004, 1, 1)) == Decimal("0.00")


def test_study_and_military_years_count_toward_service(in_school_a):
    nam = teacher(
        in_school_a, "Phạm Văn Nam", joined_sector_on=D(2008, 9, 1), years_in_study_or_military=Decimal(2)
    )
    assert service_years(nam, D(2026, 9, 1)) == Decimal("20.00")


def test_time_under_discipline_does_not_count(in_school_a):
    anh = teacher(in_school_a)
    discipline(in_school_a, anh, D(2015, 1, 1), D(2015, 12, 31))  # exactly 365 days
    assert service_years(anh, D(2025, 9, 1)) == Decimal("19.00")
    assert service_years(anh, D(2026, 9, 1)) == Decimal("20.00")
    # A discipline before joining the sector, or after the date asked, takes nothing away.
    other = teacher(in_school_a, "Đỗ Thị Lan")
    discipline(in_school_a, other, D(2026, 1, 1), D(2026, 12, 31))
    assert service_years(other, D(2025, 9, 1)) == Decimal("20.00")


def test_an_ongoing_discipline_is_cut_at_the_date_asked(in_school_a):
    anh = teacher(in_school_a)
    discipline(in_school_a, anh, D(2025, 3, 1))
    assert service_years(anh, D(2025, 9, 1)) == Decimal("19.50")
    assert service_years(anh, D(2026, 3, 1)) == Decimal("19.50")  # no service while it lasts


def test_unknown_joining_date_means_the_years_cannot_be_told(in_school_a):
    assert service_years(teacher(in_school_a, joined_sector_on=None), D(2025, 1, 1)) is None


def test_restrictions_are_those_pending_on_the_date(in_school_a):
    anh = teacher(in_school_a)
    past = discipline(in_school_a, anh, D(2023, 3, 15), D(2024, 3, 14))
    investigation = services.add_status_period(
        anh, user=in_school_a.principal_a, kind=Kind.INVESTIGATION, starts_on=D(2026, 10, 1)
    )
    services.add_status_period(
        anh,
        user=in_school_a.principal_a,
        kind=Kind.MATERNITY,
        starts_on=D(2022, 1, 1),
        ends_on=D(2022, 6, 30),
    )
    assert active_restrictions(anh, D(2023, 3, 14)) == []
    assert active_restrictions(anh, D(2023, 3, 15)) == [past]
    assert active_restrictions(anh, D(2024, 3, 14)) == [past]
    assert active_restrictions(anh, D(2024, 3, 15)) == []
    assert active_restrictions(anh, D(2022, 3, 1)) == []  # maternity leave never restricts
    assert active_restrictions(anh, D(2030, 1, 1)) == [investigation]  # open-ended
    assert [p.kind for p in maternity_periods(anh)] == [Kind.MATERNITY]
    assert restrictions_by_staff(D(2030, 1, 1)) == {anh.pk: [investigation]}


def test_period_refusals(in_school_a):
    anh = teacher(in_school_a)
    user = in_school_a.principal_a
    with refused("Hãy chọn hình thức kỷ luật."):
        services.add_status_period(anh, user=user, kind=Kind.DISCIPLINE, starts_on=D(2024, 1, 1))
    with refused("Ngày kết thúc không thể trước ngày bắt đầu."):
        services.add_status_period(
            anh, user=user, kind=Kind.MATERNITY, starts_on=D(2024, 1, 1), ends_on=D(2023, 1, 1)
        )
    with refused("Chỉ giai đoạn kỷ luật mới có hình thức kỷ luật."):
        services.add_status_period(
            anh,
            user=user,
            kind=Kind.COMPLAINT,
            starts_on=D(2024, 1, 1),
            discipline_level=DisciplineLevel.WARNING,
        )
    discipline(in_school_a, anh, D(2024, 1, 1), D(2024, 12, 31))
    with refused("Trùng thời gian với giai đoạn đã có"):
        discipline(in_school_a, anh, D(2024, 6, 1), D(2025, 5, 31))
    assert anh.status_periods.count() == 1


def test_period_changes_are_in_the_persons_history(in_school_a):
    anh = teacher(in_school_a)
    period = discipline(in_school_a, anh, D(2024, 1, 1))
    services.update_status_period(period, user=in_school_a.principal_a, ends_on=D(2024, 12, 31))
    services.delete_status_period(period, user=in_school_a.principal_a)
    actions = [event.action for event in staff_history(anh)]
    assert actions == ["staff.period_deleted", "staff.period_changed", "staff.period_added", "staff.created"]


def test_awards_of_a_person_and_of_the_school(in_school_a):
    anh = teacher(in_school_a)
    user = in_school_a.principal_a
    ldtt = services.add_award(
        user=user, staff=anh, school_year="2023-2024", title=Title.LDTT, issuer_name="UBND quận Hà Đông"
    )
    cstdcs = services.add_award(
        user=user,
        staff=anh,
        year=2025,
        title=Title.CSTDCS,
        issuer_name="UBND phường Hà Đông",
        initiative_ids=[7, "7", 9],
    )
    school = services.add_award(user=user, year=2024, title=Title.TTLDXS, issuer_name="UBND thành phố Hà Nội")
    assert awards_of(anh) == [cstdcs, ldtt]
    assert (cstdcs.school_year, ldtt.year) == ("2024-2025", 2024)
    assert cstdcs.initiative_ids == [7, 9]
    assert collective_awards() == [school] and school.is_collective
    assert awards_by_staff() == {anh.pk: [cstdcs, ldtt]}
    assert initiative_uses() == {7: [cstdcs], 9: [cstdcs]}
    assert AuditEvent.objects.filter(action="award.added").count() == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"title": Title.TTLDTT},
            "“Tập thể lao động tiên tiến” là danh hiệu tập thể, không tặng cho cá nhân.",
        ),
        ({"school_year": "2023-2025"}, "Năm học “2023-2025” không hợp lệ; hãy ghi dạng 2025-2026."),
        ({"school_year": "2023-2024", "year": 2023}, "Năm 2023 không khớp với năm học 2023-2024"),
        ({"issuer_name": "  "}, "Hãy ghi cơ quan, người ban hành quyết định"),
        ({"school_year": "", "year": None}, "Hãy nhập năm học."),
        ({"initiative_ids": ["SK-1"]}, "Mã sáng kiến “SK-1” không hợp lệ."),
    ],
)
def test_award_refusals(in_school_a, fields, message):
    anh = teacher(in_school_a)
    data = {
        "staff": anh,
        "school_year": "2023-2024",
        "title": Title.LDTT,
        "issuer_name": "UBND quận Hà Đông",
        **fields,
    }
    with pytest.raises(StaffError) as caught:
        services.add_award(user=in_school_a.principal_a, **data)
    assert str(caught.value).startswith(message)
    assert awards_of(anh) == []


def test_an_annual_title_is_recorded_once_a_year(in_school_a):
    anh = teacher(in_school_a)
    user = in_school_a.principal_a
    services.add_award(user=user, staff=anh, year=2024, title=Title.LDTT, issuer_name="UBND quận Hà Đông")
    with refused("Lê Minh Anh đã có danh hiệu “Lao động tiên tiến” năm học 2023-2024."):
        services.add_award(user=user, staff=anh, year=2024, title=Title.LDTT, issuer_name="UBND quận Hà Đông")
    # Forms may come several times a year; the school's own title is apart from the person's.
    services.add_award(user=user, staff=anh, year=2024, title=Title.GIAY_KHEN, issuer_name="Hiệu trưởng")
    services.add_award(user=user, staff=anh, year=2024, title=Title.GIAY_KHEN, issuer_name="Hiệu trưởng")
    services.add_award(user=user, year=2024, title=Title.GIAY_KHEN, issuer_name="UBND quận Hà Đông")
    with refused("“Lao động tiên tiến” là danh hiệu cá nhân, không tặng cho tập thể."):
        services.add_award(user=user, year=2024, title=Title.LDTT, issuer_name="UBND quận Hà Đông")


def test_an_award_from_an_office_decision_is_written_once(in_school_a):
    anh = teacher(in_school_a)
    fields = {"staff": anh, "year": 2026, "title": Title.CSTDCS, "issuer_name": "UBND phường Hà Đông"}
    first, created = services.record_award_from_decision(external_ref="decision:12:3", **fields)
    again, created_again = services.record_award_from_decision(external_ref="decision:12:3", **fields)
    assert created and not created_again and first == again
    assert first.source == first.Source.OFFICE_DECISION and awards_of(anh) == [first]


def test_a_person_with_awards_is_not_deleted(in_school_a):
    anh = teacher(in_school_a)
    services.add_award(
        user=in_school_a.principal_a, staff=anh, year=2024, title=Title.LDTT, issuer_name="UBND"
    )
    with refused("đã có lịch sử khen thưởng nên không xoá được"):
        services.delete_staff(anh, user=in_school_a.principal_a)
    other = teacher(in_school_a, "Đỗ Thị Lan")
    other_pk = other.pk
    services.delete_staff(other, user=in_school_a.principal_a)
    event = AuditEvent.objects.get(action="staff.deleted", object_id=str(other_pk))
    assert event.before["full_name"] == "Đỗ Thị Lan" and not Staff.objects.filter(pk=other_pk).exists()


def test_a_person_who_wrote_an_initiative_is_refused_deletion_in_vietnamese_and_nothing_is_written(
    in_school_a, client_for
):
    """Found by tests/security's isolation matrix: the initiative's author is protected, and deleting
    the person gave a 500 (page and API) after the audit entry had been written."""
    from plans.initiatives.models import Initiative

    anh = teacher(in_school_a)
    Initiative.objects.create(school_year="2025-2026", author=anh, title="Đọc đúng, đọc hay")
    events = AuditEvent.objects.count()
    with refused("Lê Minh Anh còn gắn với sáng kiến kinh nghiệm nên không xoá được"):
        services.delete_staff(anh, user=in_school_a.principal_a)
    assert Staff.objects.filter(pk=anh.pk).exists() and AuditEvent.objects.count() == events
    client = client_for(in_school_a.principal_a, in_school_a.school_a)
    page = client.post(f"/can-bo/{anh.pk}/xoa/", follow=True)
    assert page.status_code == 200 and "còn gắn với sáng kiến" in page.content.decode()
    api = client.delete(f"/api/v1/staff/{anh.pk}/")
    assert api.status_code == 400 and "còn gắn với sáng kiến" in api.json()["detail"]
    assert Staff.objects.filter(pk=anh.pk).exists() and AuditEvent.objects.count() == events


def test_the_selectors_read_many_people_in_a_fixed_number_of_queries(in_school_a):
    def read_all() -> int:
        with CaptureQueriesContext(connection) as queries:
            for person in staff_with_records():
                service_years(person, D(2026, 1, 1))
                active_restrictions(person, D(2026, 1, 1))
                awards_of(person)
        return len(queries)

    anh = teacher(in_school_a)
    discipline(in_school_a, anh, D(2015, 1, 1), D(2015, 6, 30))
    few = read_all()
    for index in range(10):
        person = teacher(in_school_a, f"Người Thứ {index}")
        discipline(in_school_a, person, D(2016, 1, 1), D(2016, 6, 30))
        services.add_award(
            user=in_school_a.principal_a, staff=person, year=2024, title=Title.LDTT, issuer_name="UBND"
        )
    assert read_all() == few  # staff, their periods, their awards: 3 queries (+ search_path)
