"""A movement reaches every school of its launching authority's subtree, through the authority the
school answered to on the date asked about; the plan links the movements of its own date."""

from datetime import date

import pytest

from office.audit.models import AuditEvent
from office.authorities.services import move_school
from office.movements.models import Movement
from office.movements.selectors import movements_by_key, movements_for_school
from office.movements.services import MovementError, launch_movement, update_movement
from tests.factories.authorities import REFORM, make_authority


def launch(authority, name, school_year="", **extra):
    return launch_movement(
        authority=authority, user=None, by_system=True, name=name, school_year=school_year, **extra
    )


def names(movements):
    return {m.name for m in movements}


def test_a_movement_reaches_the_schools_of_the_subtree_and_no_other(world):
    launch(world.office, "Phong trào của phòng A")
    launch(world.other_office, "Phong trào của phòng khác")
    launch(world.office.parent, "Phong trào của Sở")
    assert names(movements_for_school(world.school_a)) == {"Phong trào của phòng A", "Phong trào của Sở"}
    assert names(movements_for_school(world.school_b)) == {"Phong trào của phòng khác", "Phong trào của Sở"}


def test_after_a_move_the_old_offices_movements_still_reach_the_schools_past(world):
    ward = make_authority("t-ward", parent=world.office.parent, valid_from=REFORM)
    launch(world.office, "Dạy tốt - Học tốt", "2024-2025", launched_at=None)
    move_school(world.school_a, to=ward, on=REFORM, user=None, by_system=True)
    launch(ward, "Dạy tốt – học tốt", "2025-2026")
    in_2024 = movements_for_school(world.school_a, date(2024, 10, 1))
    assert [(m.authority.code, m.school_year) for m in in_2024] == [("t-office", "2024-2025")]
    today = movements_for_school(world.school_a)
    assert [(m.authority.code, m.school_year) for m in today] == [("t-ward", "2025-2026")]
    # The plan finds the movement of its own date by name, whatever the typing.
    assert movements_by_key(in_2024)["dạy tốt - học tốt"].authority == world.office
    assert movements_for_school(world.school_a, date(2025, 9, 1), school_year="2024-2025").count() == 0


def test_launching_checks_the_fields_and_is_audited(world):
    movement = launch(
        world.office,
        "  Thi đua   chuyển đổi số ",
        "2025-2026",
        kind=Movement.Kind.THEMATIC,
        starts_on=date(2025, 9, 15),
        ends_on=date(2026, 5, 31),
        criteria="1. Số hóa hồ sơ.",
    )
    assert movement.name == "Thi đua chuyển đổi số" and movement.launched_at is not None
    assert AuditEvent.objects.filter(action="movement.launched", object_id=str(movement.pk)).exists()
    for fields, message in [
        ({"name": ""}, "Hãy ghi tên phong trào"),
        ({"school_year": "2025-2027"}, "Năm học “2025-2027” không hợp lệ"),
        ({"kind": "khac"}, "Hình thức thi đua không hợp lệ"),
        ({"starts_on": date(2026, 1, 1), "ends_on": date(2025, 1, 1)}, "đứng trước ngày bắt đầu"),
    ]:
        with pytest.raises(MovementError, match=message):
            update_movement(movement, user=None, by_system=True, **{"name": movement.name, **fields})
    movement.refresh_from_db()
    assert movement.school_year == "2025-2026"
    assert not AuditEvent.objects.filter(action="movement.updated").exists()


def test_an_ended_authority_launches_nothing_new_but_its_past_movements_can_be_recorded(world):
    from datetime import datetime

    from django.utils import timezone

    ended = make_authority(
        "t-ended", parent=world.office.parent, valid_from=date(2008, 8, 1), valid_to=date(2025, 6, 30)
    )
    with pytest.raises(MovementError, match="đã giải thể"):
        launch(ended, "Phong trào mới")
    past = launch(
        ended, "Phong trào 2024", "2024-2025", launched_at=timezone.make_aware(datetime(2024, 9, 5, 8))
    )
    assert past.launched_at.date() == date(2024, 9, 5)
    with pytest.raises(MovementError, match="chưa thành lập"):
        launch(ended, "Quá sớm", launched_at=timezone.make_aware(datetime(2001, 1, 1, 8)))


def test_an_imported_2024_plan_links_the_movement_of_the_office_it_had_in_2024(world):
    from django_tenants.utils import schema_context

    from plans.planning import services as plan_services
    from plans.planning.plan_import import import_plan
    from tests.factories.plans import LE_QUY_DON, seed_bytes

    ward = make_authority("t-ward", parent=world.office.parent, valid_from=REFORM)
    district_movement = launch(world.office, "Dạy tốt - Học tốt", "2023-2024")
    move_school(world.school_a, to=ward, on=REFORM, user=None, by_system=True)
    launch(ward, "Dạy tốt - Học tốt", "2025-2026")
    with schema_context(world.school_a.schema_name):
        plan = plan_services.create_plan_from_import(
            import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON)),
            school=world.school_a,
            filename=LE_QUY_DON.name,
            encoding="utf-8",
            user=world.principal_a,
        )
        linked = {m.name: m.office_movement_id for m in plan.movements.all() if m.office_movement_id}
    assert plan.issued_on == date(2024, 1, 9)
    assert district_movement.pk in linked.values()
