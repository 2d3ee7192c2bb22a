"""Who may set an office's deadlines (office.facts.permissions): its own specialist and head, not
another office or a school; the deadline services refuse the others before they change anything."""

import datetime

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.core.errors import Refused
from office.facts.models import OfficeDeadline
from office.facts.permissions import can_set_deadlines_of
from office.facts.services import create_deadline, delete_deadline, update_deadline

FIELDS = {
    "school_year": "2025-2026",
    "kind": "plan",
    "due_on": datetime.date(2026, 1, 20),
    "label": "Kế hoạch",
}


@pytest.fixture
def head(world):
    user = ensure_user(username="lanhdao.hn", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


def test_truth_table(world, head):
    people = {
        "specialist": world.specialist,
        "head": head,
        "other_specialist": world.other_specialist,
        "principal_a": world.principal_a,
    }
    assert {r for r, p in people.items() if can_set_deadlines_of(p, world.office)} == {"specialist", "head"}
    # An office above does not set the timeline of the offices below it, nor the other way round.
    assert not can_set_deadlines_of(world.specialist, world.office.parent)


def test_the_services_refuse_another_office_and_change_nothing(world):
    deadline = create_deadline(authority=world.office, user=world.specialist, **FIELDS)
    for person in (world.other_specialist, world.principal_a, None):
        with pytest.raises(Refused, match="hạn nộp"):
            create_deadline(authority=world.office, user=person, **{**FIELDS, "kind": "dossier"})
        with pytest.raises(Refused):
            update_deadline(deadline, user=person, **{**FIELDS, "label": "Đổi"})
        with pytest.raises(Refused):
            delete_deadline(deadline, user=person)
    # Nor may one's own deadline be moved to an office that is not one's own.
    with pytest.raises(Refused):
        update_deadline(deadline, user=world.specialist, authority=world.other_office, **FIELDS)
    assert list(OfficeDeadline.objects.values_list("label", "authority_id")) == [
        ("Kế hoạch", world.office.pk)
    ]
