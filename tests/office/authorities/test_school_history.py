"""Which authority a school answered to, when: periods, moves and their refusals, the subtree as of a
date."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from office.audit.models import AuditEvent
from office.authorities.models import Authority, SchoolAuthorityPeriod
from office.authorities.selectors import (
    authorities_in_force,
    authority_of,
    school_history,
    schools_under,
)
from office.authorities.services import SchoolMoveError, existence_label, move_school
from tenants.models import School
from tests.factories.authorities import REFORM, bare_school, make_authority


@pytest.fixture
def ward(world):
    return make_authority(
        "t-ward", parent=world.office.parent, valid_from=REFORM, name="Phòng VH-XH phường Thử"
    )


def test_a_new_school_opens_its_first_period_at_its_authority(world):
    (period,) = school_history(world.school_a)
    assert (period.authority, period.valid_from, period.valid_to) == (world.office, None, None)
    assert authority_of(world.school_a, date(2001, 1, 1)) == world.office


def test_moving_closes_the_open_period_the_day_before_and_is_audited(world, ward):
    # The history's mechanics, not who may move (tests/office/authorities/test_permissions.py).
    move_school(world.school_a, to=ward, on=REFORM, user=world.specialist, by_system=True)
    school = School.objects.get(pk=world.school_a.pk)
    assert school.authority == ward and world.school_a.authority == ward
    old, new = school_history(school)
    assert (old.authority, old.valid_to) == (world.office, date(2025, 6, 30))
    assert (new.authority, new.valid_from, new.valid_to) == (ward, REFORM, None)
    assert authority_of(school, date(2025, 6, 30)) == world.office
    assert authority_of(school, REFORM) == ward
    event = AuditEvent.objects.get(action="school.moved", object_id=str(school.pk))
    assert event.before["authority"] == "t-office" and event.after == {
        "authority": "t-ward",
        "since": "2025-07-01",
    }
    assert event.user == world.specialist


def _refused(world, match, **kwargs):
    periods_before = list(SchoolAuthorityPeriod.objects.filter(school=world.school_a).values())
    with pytest.raises(SchoolMoveError, match=match):
        move_school(world.school_a, user=world.specialist, by_system=True, **kwargs)
    assert list(SchoolAuthorityPeriod.objects.filter(school=world.school_a).values()) == periods_before
    assert School.objects.get(pk=world.school_a.pk).authority == world.office
    assert not AuditEvent.objects.filter(action="school.moved").exists()


def test_a_move_to_an_authority_not_yet_in_existence_is_refused(world, ward):
    _refused(
        world,
        "không hoạt động vào ngày 30/06/2025 \\(hoạt động từ 01/07/2025\\)",
        to=ward,
        on=date(2025, 6, 30),
    )


def test_a_move_to_an_authority_that_had_ended_is_refused(world):
    ended = make_authority("t-ended", parent=world.office.parent, valid_to=date(2025, 6, 30))
    _refused(world, "đã giải thể từ 01/07/2025", to=ended, on=REFORM)


def test_a_move_to_the_same_authority_is_refused(world):
    _refused(world, "đang trực thuộc Phòng GDĐT Thử nghiệm", to=world.office, on=date(2024, 1, 1))


def test_a_move_dated_before_the_open_period_starts_or_in_the_future_is_refused(world, ward):
    move_school(world.school_a, to=ward, on=REFORM, user=None, by_system=True)
    AuditEvent.objects.all().delete()
    other = make_authority("t-ward2", parent=world.office.parent, valid_from=date(2020, 1, 1))
    with pytest.raises(SchoolMoveError, match="phải sau ngày 01/07/2025"):
        move_school(world.school_a, to=other, on=date(2025, 6, 1), user=None, by_system=True)
    with pytest.raises(SchoolMoveError, match="chưa tới"):
        move_school(
            world.school_a, to=other, on=timezone.localdate() + timedelta(days=1), user=None, by_system=True
        )
    assert len(school_history(world.school_a)) == 2


def test_the_database_allows_one_open_period_and_no_overlap(world, ward):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolAuthorityPeriod.objects.create(school=world.school_a, authority=ward, valid_from=REFORM)
    move_school(world.school_a, to=ward, on=REFORM, user=None, by_system=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolAuthorityPeriod.objects.create(
            school=world.school_a, authority=ward, valid_from=date(2025, 1, 1), valid_to=date(2025, 2, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolAuthorityPeriod.objects.create(
            school=world.school_a, authority=ward, valid_from=date(2025, 8, 1), valid_to=date(2025, 7, 1)
        )


def test_schools_under_an_authority_as_of_a_date_walk_the_subtree_through_the_periods(
    world, ward, django_assert_num_queries
):
    city = world.office.parent
    sub = make_authority("t-sub", parent=world.office, kind=Authority.Kind.WARD_OFFICE)
    deep = bare_school("truongsau", sub)
    move_school(world.school_a, to=ward, on=REFORM, user=None, by_system=True)
    before, after = date(2025, 3, 1), date(2025, 9, 1)
    # django-tenants sets the search_path first, then the one query.
    with django_assert_num_queries(2):
        under_office_before = list(schools_under(world.office, before))
    assert set(under_office_before) == {world.school_a, deep}
    assert set(schools_under(world.office, after)) == {deep}
    assert set(schools_under(ward, before)) == set()
    assert set(schools_under(ward, after)) == {world.school_a}
    assert set(schools_under(city, after)) == {world.school_a, world.school_b, deep}
    assert set(schools_under(world.other_office)) == {world.school_b}


def test_authorities_in_force_on_a_date_and_their_labels(world, ward):
    ended = make_authority("t-ended", parent=world.office.parent, valid_to=date(2025, 6, 30))
    assert ended in authorities_in_force(date(2025, 6, 30)) and ward not in authorities_in_force(
        date(2025, 6, 30)
    )
    assert ward in authorities_in_force(REFORM) and ended not in authorities_in_force(REFORM)
    assert existence_label(ended) == "đã giải thể từ 01/07/2025"
    assert existence_label(ward) == "hoạt động từ 01/07/2025"
    assert existence_label(world.office) == "đang hoạt động"
