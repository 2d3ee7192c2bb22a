"""SchoolFacts dated per school year (issue 15, item 4): a year's staff are the people employed on its
last day (31/08), or on the day of counting while it runs, not today's register. A 2026 hire does not
change 2024's figures; someone who left in 2025 still counts in 2024."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.facts.models import SchoolFacts
from office.rules.vocabulary import Title
from plans.facts.services import count_school_facts, refresh_school_facts
from plans.nominations.facts import school_facts
from plans.staff import services as people
from plans.staff.models import AwardRecord, Staff
from plans.staff.selectors import staff_count_day

DECEMBER_2026 = datetime.date(2026, 12, 6)


@pytest.fixture
def in_a(world):
    with schema_context(world.school_a.schema_name):
        yield


def _person(name, *, joined=None, left=None, status=Staff.Status.WORKING, teaches=True):
    return Staff.objects.create(
        full_name=name,
        gender="nu",
        joined_sector_on=joined,
        joined_school_on=joined,
        left_school_on=left,
        status=status,
        teaches=teaches,
    )


def _staff_counts(school_year, today=DECEMBER_2026):
    counts = count_school_facts(school_year, today=today)
    return counts["staff_total"], counts["teaching_staff"]


def test_the_counting_day_is_the_years_last_day_or_today_while_it_runs():
    assert staff_count_day("2023-2024", DECEMBER_2026) == datetime.date(2024, 8, 31)
    assert staff_count_day("2026-2027", DECEMBER_2026) == DECEMBER_2026


def test_a_past_year_counts_the_staff_it_had(world, in_a):
    base = Staff.objects.count()  # the world's two people, arrival unknown: counted every year
    _person("Nguyễn Văn Cũ", joined=datetime.date(2015, 9, 1), teaches=False)
    _person("Phạm Thu Hà", joined=datetime.date(2026, 1, 10))  # a 2026 hire
    _person(
        "Lê Thị Chuyển",
        joined=datetime.date(2010, 9, 1),
        left=datetime.date(2025, 3, 1),
        status=Staff.Status.LEFT,
    )
    _person("Trần Văn Nghỉ", status=Staff.Status.LEFT)  # left before dates were kept: in no year
    teaching_base = Staff.objects.filter(
        teaches=True, status=Staff.Status.WORKING, joined_school_on=None
    ).count()
    # 2023-2024, counted on 31/08/2024: the 2015 arrival and the one who left in 2025, not the hire.
    assert _staff_counts("2023-2024") == (base + 2, teaching_base + 1)
    # 2025-2026, counted on 31/08/2026: the hire is there, the one who left in March 2025 is not.
    assert _staff_counts("2025-2026") == (base + 2, teaching_base + 1)
    # This year, counted today: the same people.
    assert _staff_counts("2026-2027") == (base + 2, teaching_base + 1)
    # The day she left she is no longer on the staff; the day before she was.
    assert _staff_counts("2024-2025", today=datetime.date(2025, 3, 1))[0] == base + 1
    assert _staff_counts("2024-2025", today=datetime.date(2025, 2, 28))[0] == base + 2


def test_a_2026_hire_does_not_change_2024s_figures(world, in_a):
    AwardRecord.objects.create(
        year=2024, school_year="2023-2024", title=Title.TTLDTT, issuer_name="UBND quận Hà Đông"
    )
    refresh_school_facts(world.school_a, "2023-2024")
    before = SchoolFacts.objects.get(school=world.school_a, school_year="2023-2024")
    hire = people.create_staff(
        user=world.principal_a,
        full_name="Phạm Thu Hà",
        gender="nu",
        joined_sector_on=datetime.date(2026, 1, 10),
        joined_school_on=datetime.date(2026, 1, 10),
    )
    refresh_school_facts(world.school_a, "2023-2024")  # counted again, as any later change would
    after = SchoolFacts.objects.get(school=world.school_a, school_year="2023-2024")
    assert (after.staff_total, after.teaching_staff) == (before.staff_total, before.teaching_staff)
    # A hire whose arrival is moved back into 2023 joins 2023-2024's staff.
    people.update_staff(
        hire,
        user=world.principal_a,
        joined_sector_on=datetime.date(2023, 10, 1),
        joined_school_on=datetime.date(2023, 10, 1),
    )
    moved = SchoolFacts.objects.get(school=world.school_a, school_year="2023-2024")
    assert moved.staff_total == before.staff_total + 1


def test_leaving_needs_its_date_and_a_date_is_refused_without_the_status(world, in_a):
    person = people.create_staff(
        user=world.principal_a,
        full_name="Đỗ Văn Đi",
        gender="nam",
        joined_school_on=datetime.date(2019, 9, 5),
    )
    # Marked as gone with no date: refused, not dated today (the person may have left long ago).
    with pytest.raises(people.StaffError, match="Hãy ghi ngày nghỉ việc, chuyển đi") as caught:
        people.update_staff(person, user=world.principal_a, status=Staff.Status.LEFT)
    assert caught.value.field == "left_school_on"
    person.refresh_from_db()
    assert (person.status, person.left_school_on) == (Staff.Status.WORKING, None)
    people.update_staff(
        person, user=world.principal_a, status=Staff.Status.LEFT, left_school_on=datetime.date(2024, 6, 1)
    )
    person.refresh_from_db()
    assert person.left_school_on == datetime.date(2024, 6, 1)
    with pytest.raises(people.StaffError, match="hãy đổi trạng thái"):
        people.update_staff(
            person,
            user=world.principal_a,
            status=Staff.Status.WORKING,
            left_school_on=datetime.date(2020, 1, 1),
        )
    with pytest.raises(people.StaffError, match="phải sau ngày về trường"):
        people.update_staff(person, user=world.principal_a, left_school_on=datetime.date(2019, 1, 1))
    person.refresh_from_db()
    assert person.status == Staff.Status.LEFT  # bad input changes nothing
    # Back from "left": the old leaving date no longer holds.
    people.update_staff(person, user=world.principal_a, status=Staff.Status.WORKING)
    person.refresh_from_db()
    assert person.left_school_on is None


def test_the_school_as_a_collective_counts_its_members_on_the_day_of_the_check(world, in_a):
    base = Staff.objects.count()
    _person("Phạm Thu Hà", joined=datetime.date(2026, 6, 1))
    may = school_facts(name="Trường A", year=2026, school_year="2025-2026", on=datetime.date(2026, 5, 20))
    august = school_facts(name="Trường A", year=2026, school_year="2025-2026", on=DECEMBER_2026)
    assert may.members_count == base and august.members_count == base + 1
