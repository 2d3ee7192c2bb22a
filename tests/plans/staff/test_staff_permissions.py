"""Who may keep a school's register and award history: the predicates' truth table over the school's
roles, and the services (and the Excel imports) refusing a person without the right when called
directly, with nothing changed; the office's decision delivery writes without a school role."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Title
from plans.staff import services
from plans.staff.excel import import_award_workbook, import_staff_workbook
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from plans.staff.permissions import can_manage_staff, can_see_status_periods
from tests.factories.staff import (
    award_row,
    award_template_in,
    filled_template,
    person,
    staff_template_in,
)

ROLES = ["principal", "vice_principal", "council_secretary", "teacher", "other_principal"]
MANAGERS = {"principal", "vice_principal", "council_secretary"}
D = datetime.date


@pytest.fixture
def people(world) -> dict:
    vice = ensure_user(username="pht.canbo", full_name="Phó Hiệu Trưởng Cán Bộ", password="mat-khau-pht-2026")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    secretary = ensure_user(username="thuky.canbo", full_name="Thư Ký Cán Bộ", password="mat-khau-tk-2026")
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    return {
        "principal": world.principal_a,
        "vice_principal": vice,
        "council_secretary": secretary,
        "teacher": world.teacher_a,
        "other_principal": world.principal_b,
    }


def register_state() -> tuple:
    return (
        list(
            Staff.objects.order_by("pk").values_list("pk", "full_name", "department_id", "user_id", "status")
        ),
        list(StaffStatusPeriod.objects.order_by("pk").values_list("pk", "kind", "starts_on", "ends_on")),
        list(AwardRecord.objects.order_by("pk").values_list("pk", "staff_id", "year", "title")),
        Department.objects.count(),
        AuditEvent.objects.count(),
    )


def test_who_manages_the_register_by_role(world, people):
    answers = {role: can_manage_staff(people[role], world.school_a) for role in ROLES}
    assert answers == {role: role in MANAGERS for role in ROLES}
    assert can_manage_staff(None, world.school_a) is False


def test_status_periods_are_seen_by_the_managers_and_the_person_only(world, people):
    with schema_context(world.school_a.schema_name):
        own = services.add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
        colleague = services.add_staff_member(full_name="Đồng Nghiệp", gender="nu")
        answers = {
            name: {role: can_see_status_periods(people[role], world.school_a, staff) for role in ROLES}
            for name, staff in (("own", own), ("colleague", colleague))
        }
        assert can_see_status_periods(None, world.school_a, colleague) is False
    assert answers["own"] == {role: role in MANAGERS or role == "teacher" for role in ROLES}
    assert answers["colleague"] == {role: role in MANAGERS for role in ROLES}


def _changes(world, own, other_staff, period, award, department):
    return {
        "create_staff": lambda user: services.create_staff(user=user, full_name="Người Lạ", gender="nu"),
        "update_staff": lambda user: services.update_staff(own, user=user, full_name="Tên Khác"),
        "delete_staff": lambda user: services.delete_staff(other_staff, user=user),
        "link_account": lambda user: services.link_account(
            other_staff, world.principal_a, school=world.school_a, user=user
        ),
        "unlink_account": lambda user: services.unlink_account(own, user=user),
        "move": lambda user: services.move_staff_to_department(Staff.objects.all(), department, user=user),
        "add_period": lambda user: services.add_status_period(
            own, user=user, kind=StaffStatusPeriod.Kind.MATERNITY, starts_on=D(2025, 1, 1)
        ),
        "update_period": lambda user: services.update_status_period(period, user=user, ends_on=D(2024, 6, 1)),
        "delete_period": lambda user: services.delete_status_period(period, user=user),
        "add_award": lambda user: services.add_award(
            user=user, staff=own, year=2023, title=Title.LDTT, issuer_name="Hiệu trưởng"
        ),
        "update_award": lambda user: services.update_award(award, user=user, school_year="2022-2023"),
        "delete_award": lambda user: services.delete_award(award, user=user),
        "import_staff": lambda user: import_staff_workbook(
            filled_template(staff_template_in(world.school_a), [person("Người Nhập")]), user=user
        ),
        "import_awards": lambda user: import_award_workbook(
            filled_template(
                award_template_in(world.school_a), [award_row("Trần Văn Ánh", "2021-2022", "ldtt")]
            ),
            user=user,
        ),
    }


CHANGES = [
    "create_staff",
    "update_staff",
    "delete_staff",
    "link_account",
    "unlink_account",
    "move",
    "add_period",
    "update_period",
    "delete_period",
    "add_award",
    "update_award",
    "delete_award",
    "import_staff",
    "import_awards",
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("who", ["teacher", "other_principal", "nobody"])
def test_register_services_refuse_a_person_without_the_right_and_change_nothing(world, people, change, who):
    # Built outside the school's schema: the templates are read from the school's own list.
    user = None if who == "nobody" else people[who]
    with schema_context(world.school_a.schema_name):
        own = services.add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
        other_staff = services.add_staff_member(full_name="Chưa Có Khen", gender="nu")
        department = services.department_named("Tổ Văn phòng")
        period = services.add_status_period(
            own, user=world.principal_a, kind=StaffStatusPeriod.Kind.INVESTIGATION, starts_on=D(2024, 1, 1)
        )
        award = services.add_award(
            user=world.principal_a, staff=own, year=2024, title=Title.LDTT, issuer_name="Hiệu trưởng"
        )
    action = _changes(world, own, other_staff, period, award, department)[change]
    with schema_context(world.school_a.schema_name):
        before = register_state()
        with pytest.raises(Refused, match="Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT"):
            action(user)
        assert register_state() == before


def test_an_award_the_office_decided_is_recorded_without_a_school_role(world):
    with schema_context(world.school_a.schema_name):
        own = services.add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
        award, created = services.record_award_from_decision(
            external_ref="decision:1:line:1",
            staff=own,
            year=2024,
            title=Title.LDTT,
            issuer_name="UBND quận Hà Đông",
        )
        assert created and award.source == AwardRecord.Source.OFFICE_DECISION
        with pytest.raises(Refused):
            services.add_award(user=None, staff=own, year=2023, title=Title.LDTT, issuer_name="Hiệu trưởng")
        assert AwardRecord.objects.count() == 1
