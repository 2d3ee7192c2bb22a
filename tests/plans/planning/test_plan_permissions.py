"""Who may do what with a school's plans: the predicates' truth table over the school's roles, and the
services refusing a person without the right when called directly (not only through a page or the API),
with nothing changed."""

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.submissions.models import Submission
from plans.notifications.models import Notification
from plans.planning import services as plan_services
from plans.planning.models import Plan, PlanComment, PlanSection, PlanTask
from plans.planning.permissions import (
    can_assign_task,
    can_comment_on_plans,
    can_follow_up_task,
    can_issue_plan,
    can_manage_plans,
)
from plans.planning.plan_import import import_plan
from plans.staff.services import add_staff_member
from tests.factories.plans import LE_QUY_DON, every_difference, seed_bytes

ROLES = ["principal", "vice_principal", "council_secretary", "teacher", "other_principal"]


@pytest.fixture
def people(world) -> dict:
    vice = ensure_user(username="pht.quyen", full_name="Phó Hiệu Trưởng Quyền", password="mat-khau-pht-2026")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    secretary = ensure_user(username="thuky.quyen", full_name="Thư Ký Quyền", password="mat-khau-tk-2026")
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    return {
        "principal": world.principal_a,
        "vice_principal": vice,
        "council_secretary": secretary,
        "teacher": world.teacher_a,
        "other_principal": world.principal_b,
    }


def draft(world) -> Plan:
    return plan_services.create_plan_from_import(
        import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON)),
        school=world.school_a,
        filename=LE_QUY_DON.name,
        encoding="utf-8",
        user=world.principal_a,
    )


def content_state(plan: Plan) -> tuple:
    plan = Plan.objects.get(pk=plan.pk)
    return (
        plan.status,
        plan.place,
        plan.number,
        list(PlanSection.objects.filter(plan=plan).order_by("pk").values_list("pk", "heading", "position")),
        list(
            PlanTask.objects.filter(plan=plan).order_by("pk").values_list("pk", "text", "state", "owner_role")
        ),
        PlanComment.objects.filter(section__plan=plan).count(),
        Plan.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (can_manage_plans, {"principal", "vice_principal", "council_secretary"}),
        (can_assign_task, {"principal", "vice_principal", "council_secretary"}),
        (can_issue_plan, {"principal", "vice_principal"}),
        (can_comment_on_plans, {"principal", "vice_principal", "council_secretary", "teacher"}),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_school_wide_rules_by_role(world, people, predicate, allowed):
    answers = {role: predicate(people[role], world.school_a) for role in ROLES}
    assert answers == {role: role in allowed for role in ROLES}


def test_a_task_is_followed_up_by_the_managers_and_its_owner_only(world, people):
    with schema_context(world.school_a.schema_name):
        plan = draft(world)
        own = add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
        by_person, by_role, nobodys = plan.tasks.order_by("pk")[:3]
        plan_services.assign_task(by_person, owner_staff=own, user=world.principal_a)
        plan_services.assign_task(by_role, owner_role=Role.COUNCIL_SECRETARY.value, user=world.principal_a)
        by_person.refresh_from_db()
        answers = {
            name: {role: can_follow_up_task(people[role], world.school_a, task) for role in ROLES}
            for name, task in (("person", by_person), ("role", by_role), ("nobody", nobodys))
        }
    managers = {
        "principal": True,
        "vice_principal": True,
        "council_secretary": True,
        "other_principal": False,
    }
    assert answers["person"] == {**managers, "teacher": True}
    assert answers["role"] == {**managers, "teacher": False}
    assert answers["nobody"] == {**managers, "teacher": False}


EDITS = {
    "header": lambda plan, user: plan_services.update_plan_header(plan, place="Nơi khác", user=user),
    "lists": lambda plan, user: plan_services.update_plan_lists(plan, closing="Lời kết", user=user),
    "add_section": lambda plan, user: plan_services.add_section(plan, heading="MỤC LẠ", user=user),
    "update_section": lambda plan, user: plan_services.update_section(
        plan.sections.first(), heading="Đổi", body="", user=user
    ),
    "move_section": lambda plan, user: plan_services.move_section(plan.sections.last(), "up", user=user),
    "delete_section": lambda plan, user: plan_services.delete_section(plan.sections.first(), user=user),
    "add_task": lambda plan, user: plan_services.add_task(
        plan, year=2025, month=5, text="Việc lạ", user=user
    ),
    "update_task": lambda plan, user: plan_services.update_task(
        plan.tasks.first(), year=2025, month=5, text="Đổi", user=user
    ),
    "delete_task": lambda plan, user: plan_services.delete_task(plan.tasks.first(), user=user),
    "revise": lambda plan, user: plan_services.revise_plan(plan, user=user),
    "copy": lambda plan, user: plan_services.copy_plan_to_next_year(plan, user=user),
    "create": lambda plan, user: plan_services.create_plan(
        issuing_body="TRƯỜNG A", title="Kế hoạch lạ", year=2030, user=user
    ),
}


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("who", ["teacher", "other_principal", "nobody"])
def test_plan_services_refuse_a_person_without_the_right_and_change_nothing(world, people, edit, who):
    user = None if who == "nobody" else people[who]
    with schema_context(world.school_a.schema_name):
        plan = draft(world)
        before = content_state(plan)
        with pytest.raises(Refused, match="Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT"):
            EDITS[edit](plan, user)
        assert content_state(plan) == before


def test_an_import_without_a_person_is_refused_unless_the_operator_runs_it(world):
    with schema_context(world.school_a.schema_name):
        parsed = import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
        with pytest.raises(Refused):
            plan_services.create_plan_from_import(
                parsed,
                school=world.school_a,
                filename=LE_QUY_DON.name,
                encoding="utf-8",
                user=world.teacher_a,
            )
        with pytest.raises(Refused):
            plan_services.create_plan_from_import(
                parsed, school=world.school_a, filename=LE_QUY_DON.name, encoding="utf-8", user=None
            )
        assert not Plan.objects.exists()
        plan = plan_services.create_plan_from_import(
            parsed,
            school=world.school_a,
            filename=LE_QUY_DON.name,
            encoding="utf-8",
            user=None,
            by_operator=True,
        )
        assert plan.sections.exists()


@pytest.mark.parametrize("who", ["council_secretary", "teacher"])
def test_issue_plan_itself_refuses_who_does_not_sign_for_the_school(world, people, who):
    with schema_context(world.school_a.schema_name):
        plan = draft(world)
        plan_services.update_plan_header(plan, signer_name="Nguyễn Thị An", user=world.principal_a)
        before = content_state(plan)
        with pytest.raises(Refused, match="Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ban hành kế hoạch"):
            plan_services.issue_plan(
                plan, school=world.school_a, user=people[who], confirm=every_difference(plan, world.school_a)
            )
        assert content_state(plan) == before
        issued = plan_services.issue_plan(
            plan,
            school=world.school_a,
            user=people["vice_principal"],
            confirm=every_difference(plan, world.school_a),
        )
        assert issued.status == Plan.Status.ISSUED
    assert Submission.objects.for_school(world.school_a).count() == 1


def test_only_managers_open_consultation_and_only_members_comment(world, people):
    with schema_context(world.school_a.schema_name):
        plan = draft(world)
        # Other tests' processes (a real Celery worker) may have committed notifications here: count.
        notifications = Notification.objects.count()
        with pytest.raises(Refused):
            plan_services.open_consultation(plan, school=world.school_a, user=world.teacher_a)
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
        assert Notification.objects.count() == notifications
        plan_services.open_consultation(plan, school=world.school_a, user=world.principal_a)
        section = plan.sections.first()
        with pytest.raises(Refused, match="Chỉ cán bộ, giáo viên của trường được góp ý kế hoạch"):
            plan_services.add_comment(section, user=world.principal_b, text="Góp ý từ trường khác")
        assert not PlanComment.objects.filter(section__plan=plan).exists()
        plan_services.add_comment(section, user=world.teacher_a, text="Góp ý của giáo viên")
        assert PlanComment.objects.filter(section__plan=plan).count() == 1


def test_assign_task_lets_the_owner_report_progress_but_not_hand_the_task_over(world):
    with schema_context(world.school_a.schema_name):
        plan = draft(world)
        task = plan.tasks.first()
        with pytest.raises(Refused, match="người phụ trách được cập nhật việc này"):
            plan_services.assign_task(task, state=PlanTask.State.DONE, user=world.teacher_a)
        own = add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
        plan_services.assign_task(task, owner_staff=own, user=world.principal_a)
        task = PlanTask.objects.select_related("owner_staff").get(pk=task.pk)
        with pytest.raises(Refused, match="Người phụ trách chỉ cập nhật được tình trạng công việc"):
            plan_services.assign_task(task, owner_role="principal", state="doing", user=world.teacher_a)
        assert (PlanTask.objects.get(pk=task.pk).state, PlanTask.objects.get(pk=task.pk).owner_role) == (
            PlanTask.State.TODO,
            "",
        )
        # Sending the owner the task already has is no handover (the API sends the whole row).
        plan_services.assign_task(task, owner_staff=own, owner_role="", state="done", user=world.teacher_a)
        assert PlanTask.objects.get(pk=task.pk).state == PlanTask.State.DONE
