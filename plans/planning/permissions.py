"""Who may do what with a school's plans, declared once (DESIGN.md §4): the services check these
before they write, the pages and the API ask them to decide what to offer and to refuse a person
before reading what they sent. Each predicate takes the acting user and the school whose plans they
are; another school's plan never gets this far (it is not in this school's schema: 404)."""

from django.contrib.auth.models import AnonymousUser

from office.accounts.selectors import (
    can_sign_for_school,
    has_school_membership,
    is_school_manager,
    school_roles,
)
from plans.planning.models import PlanTask

MANAGE_PLANS_REFUSAL = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được sửa kế hoạch."
ISSUE_PLAN_REFUSAL = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ban hành kế hoạch."
COMMENT_REFUSAL = "Chỉ cán bộ, giáo viên của trường được góp ý kế hoạch."
FOLLOW_UP_REFUSAL = "Chỉ Ban giám hiệu, thư ký Hội đồng TĐKT hoặc người phụ trách được cập nhật việc này."
ASSIGN_TASK_REFUSAL = "Người phụ trách chỉ cập nhật được tình trạng công việc."
CALENDAR_FEED_REFUSAL = "Chỉ cán bộ, giáo viên của trường được tạo liên kết lịch công tác."


def _person(user):
    # A service called with no person (user=None) is asked as an anonymous visitor: no right at all.
    return user if user is not None else AnonymousUser()


def can_manage_plans(user, school) -> bool:
    """The principal, the vice principals and the council secretary write the school's plans: import
    or create a draft, edit it, put it out for consultation, revise or copy it, assign its tasks. They
    also see the plan's history and everyone's comments, since they answer for the text."""
    return is_school_manager(_person(user), school)


def can_hold_calendar_feed(user, school) -> bool:
    """Everyone of the school follows the timeline of its issued plans, so anyone holding a role in
    it may make (and replace, and revoke) their own calendar address."""
    return has_school_membership(_person(user), school)


def can_issue_plan(user, school) -> bool:
    """Issuing gives the plan a number and sends it to the office under a signature, so only those
    who sign the school's documents may: the principal, or a vice principal signing "KT."."""
    return can_sign_for_school(_person(user), school)


def can_comment_on_plans(user, school) -> bool:
    """During consultation every member of the school (teachers above all) may comment; whether the
    plan is open for comments is a rule of the plan, checked by the service, not of the person."""
    return has_school_membership(_person(user), school)


def can_follow_up_task(user, school, task: PlanTask) -> bool:
    """The school's managers and the task's owner (the staff member's account, or a holder of the
    owner role) may record how far the task is; nobody else, so the home page shows the truth."""
    user = _person(user)
    roles = school_roles(user, school)
    return (
        can_manage_plans(user, school)
        or (bool(task.owner_role) and task.owner_role in roles)
        or (user.is_authenticated and task.owner_staff_id is not None and task.owner_staff.user_id == user.pk)
    )


def can_assign_task(user, school) -> bool:
    """Handing a task to someone (its owner or owner role) is the managers' call; an owner only
    reports how far the task is."""
    return can_manage_plans(user, school)
