"""Who may launch and change movements (office.movements.permissions), over the office's specialist
and head, another office's specialist and a school principal; and the movement services refusing a
person without the right before they change anything."""

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.movements.models import Movement
from office.movements.permissions import can_change_movement, can_launch_movement
from office.movements.services import launch_movement, update_movement, withdraw_movement


@pytest.fixture
def people(world):
    head = ensure_user(username="lanhdao.pt", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    return {
        "specialist": world.specialist,
        "head": head,
        "other_specialist": world.other_specialist,
        "principal_a": world.principal_a,
    }


def test_truth_table(world, people):
    movement = launch_movement(authority=world.office, user=world.specialist, name="Thi đua dạy tốt")
    assert {r for r, p in people.items() if can_launch_movement(p, world.office)} == {"specialist", "head"}
    assert {r for r, p in people.items() if can_change_movement(p, movement)} == {"specialist", "head"}
    assert {r for r, p in people.items() if can_launch_movement(p, world.other_office)} == {
        "other_specialist"
    }


def test_the_services_refuse_who_does_not_reach_the_authority(world):
    movement = launch_movement(authority=world.office, user=world.specialist, name="Thi đua dạy tốt")
    events = AuditEvent.objects.count()
    for person in (world.other_specialist, world.principal_a):
        with pytest.raises(Refused, match="Chỉ cơ quan quản lý"):
            launch_movement(authority=world.office, user=person, name="Phong trào lạ")
        with pytest.raises(Refused):
            update_movement(movement, user=person, name="Đổi tên")
        with pytest.raises(Refused):
            withdraw_movement(movement, user=person)
    movement.refresh_from_db()
    assert movement.name == "Thi đua dạy tốt" and Movement.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_no_person_means_system_code_that_says_so(world):
    with pytest.raises(Refused):
        launch_movement(authority=world.office, user=None, name="Không ai phát động")
    assert launch_movement(authority=world.office, user=None, by_system=True, name="Của bản mẫu").pk
