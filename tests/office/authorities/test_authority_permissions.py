"""Who may move a school to another authority (office.authorities.permissions): the head of offices
holding both ends, not a specialist, another office or a school; the service refuses the others
before it changes anything."""

from datetime import date

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.authorities.models import SchoolAuthorityPeriod
from office.authorities.permissions import can_move_school
from office.authorities.services import move_school
from office.core.errors import Refused
from tests.factories.authorities import make_authority

REFORM = date(2025, 7, 1)


@pytest.fixture
def ward(world):
    return make_authority("t-ward", parent=world.office, valid_from=REFORM, name="Phòng VH-XH phường Thử")


@pytest.fixture
def head(world):
    user = ensure_user(username="lanhdao.cq", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


def test_truth_table(world, ward, head):
    people = {
        "specialist": world.specialist,
        "head": head,
        "other_specialist": world.other_specialist,
        "principal_a": world.principal_a,
    }
    allowed = {role for role, person in people.items() if can_move_school(person, world.school_a, ward)}
    assert allowed == {"head"}
    # Both ends must be the head's: not a school or an authority of another office.
    assert not can_move_school(head, world.school_b, ward)
    assert not can_move_school(head, world.school_a, world.other_office)


def test_the_service_refuses_who_may_not_move_and_changes_nothing(world, ward, head):
    for person in (world.specialist, world.other_specialist, world.principal_a, None):
        with pytest.raises(Refused, match="Chỉ lãnh đạo"):
            move_school(world.school_a, to=ward, on=REFORM, user=person)
    assert SchoolAuthorityPeriod.objects.filter(school=world.school_a).count() == 1
    move_school(world.school_a, to=ward, on=REFORM, user=head)
    assert SchoolAuthorityPeriod.objects.filter(school=world.school_a).count() == 2
