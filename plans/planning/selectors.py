"""Reads of a school's plans. The snapshot is the plan as plain data: what the office receives, what the
document renderers print, and what the API returns."""

import dataclasses
import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from office.accounts.selectors import active_school_member
from plans.planning.calendar import feed_digest
from plans.planning.models import CalendarFeed, Plan, PlanComment, PlanSection, PlanTask
from plans.planning.permissions import can_follow_up_task
from tenants.models import School


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.annotate(
        section_count=Count("sections", distinct=True), task_count=Count("tasks", distinct=True)
    ).order_by("-year", "-version", "-pk")


def plan_with_content(pk: int) -> Plan:
    """A plan with everything the editor, the preview and the exports show, in a fixed number of queries."""
    return Plan.objects.prefetch_related(
        "bases",
        "targets",
        "movements__office_movement",
        Prefetch("sections", queryset=PlanSection.objects.order_by("position", "pk")),
        Prefetch(
            "tasks",
            queryset=PlanTask.objects.select_related("owner_staff").order_by(
                "year", "month", "position", "pk"
            ),
        ),
    ).get(pk=pk)


def section_tree(plan: Plan) -> list[dict]:
    """The body as nested dicts in document order, built from one list of rows."""
    sections = list(plan.sections.all())
    nodes = {s.pk: {"section": s, "children": []} for s in sections}
    roots = []
    for section in sections:
        node = nodes[section.pk]
        parent = nodes.get(section.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


def walk_tree(tree: list[dict], depth: int = 0) -> Iterator[tuple[int, PlanSection]]:
    for node in tree:
        yield depth, node["section"]
        yield from walk_tree(node["children"], depth + 1)


def comments_by_section(plan: Plan) -> dict[int, list[PlanComment]]:
    comments: dict[int, list[PlanComment]] = {}
    for comment in PlanComment.objects.filter(section__plan=plan).order_by("created_at", "pk"):
        comments.setdefault(comment.section_id, []).append(comment)
    return comments


def timeline_by_month(plan: Plan) -> list[dict]:
    """The appendix grouped by (year, month) in calendar order."""
    months: dict[tuple[int, int], list[PlanTask]] = {}
    for task in plan.tasks.all():
        months.setdefault((task.year, task.month), []).append(task)
    return [{"year": y, "month": m, "tasks": tasks} for (y, m), tasks in sorted(months.items())]


def task_owner_label(task: PlanTask) -> str:
    """Who does the task, as the appendix prints it: the cell as the school wrote it, else the person
    or the role it was handed to."""
    if task.owner_text:
        return task.owner_text
    if task.owner_staff is not None:
        return task.owner_staff.full_name
    return task.get_owner_role_display() if task.owner_role else ""


def _section_snapshot(node: dict) -> dict:
    section = node["section"]
    return {
        "marker": section.marker,
        "kind": section.kind,
        "heading": section.heading,
        "body": section.body_lines(),
        "children": [_section_snapshot(child) for child in node["children"]],
    }


def school_abbreviation() -> str:
    """The abbreviation of the school whose schema is in use ("THLQĐ"), printed after the type of an
    unnumbered draft ("Số: /KH-THLQĐ"): the request's school, or read once in a task or shell."""
    abbreviation = getattr(getattr(connection, "tenant", None), "abbreviation", None)
    if abbreviation is None:
        abbreviation = (
            School.objects.filter(schema_name=connection.schema_name)
            .values_list("abbreviation", flat=True)
            .first()
        )
    return abbreviation or ""


def plan_snapshot(plan: Plan) -> dict:
    """The whole plan as JSON-ready plain data (dates as ISO strings)."""
    plan = plan_with_content(plan.pk)

    def iso(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": plan.pk,
        "status": plan.status,
        "version": plan.version,
        "doc_type": plan.doc_type,
        "parent_body": plan.parent_body,
        "issuing_body": plan.issuing_body,
        "number": plan.number,
        "issuer_abbreviation": school_abbreviation(),
        "place": plan.place,
        "issued_on": iso(plan.issued_on),
        "title": plan.title,
        "year": plan.year,
        "school_years": plan.school_years,
        "basis_paragraphs": plan.basis_paragraphs,
        "bases": [
            {
                "doc_type": b.doc_type,
                "number": b.number,
                "issued_on": iso(b.issued_on),
                "issuer": b.issuer,
                "subject": b.subject,
            }
            for b in plan.bases.all()
        ],
        "intro": plan.intro,
        "sections": [_section_snapshot(node) for node in section_tree(plan)],
        "targets": [
            {"title": t.title, "quantity": str(t.quantity), "unit": t.get_unit_display(), "text": t.text}
            for t in plan.targets.all()
        ],
        "movements": [
            {"kind": m.get_kind_display(), "name": m.name, "office_movement_id": m.office_movement_id}
            for m in plan.movements.all()
        ],
        "timeline_heading": plan.timeline_heading,
        "timeline_columns": plan.timeline_columns,
        "timeline": [
            {
                "year": month["year"],
                "month": month["month"],
                "tasks": [t.text for t in month["tasks"]],
                # Parallel to "tasks" (kept a list of texts for the office's readers): who does each.
                "owners": [task_owner_label(t) for t in month["tasks"]],
            }
            for month in timeline_by_month(plan)
        ],
        "closing": plan.closing,
        "recipients": plan.recipients,
        "extra_lines": plan.extra_lines,
        "signer": {
            "note": plan.signer_note,
            "prefix": plan.signer_prefix,
            "authority": plan.signer_authority,
            "title": plan.signer_title,
            "name": plan.signer_name,
        },
    }


def tasks_in_month(year: int, month: int) -> QuerySet[PlanTask]:
    """Tasks of the issued plans due in the given month."""
    return (
        PlanTask.objects.filter(year=year, month=month, plan__status=Plan.Status.ISSUED)
        .select_related("owner_staff", "plan")
        .order_by("position", "pk")
    )


def overdue_tasks(today: datetime.date) -> QuerySet[PlanTask]:
    """Tasks of issued plans whose month has ended and that are not done."""
    return (
        PlanTask.objects.filter(plan__status=Plan.Status.ISSUED)
        .filter(Q(year__lt=today.year) | Q(year=today.year, month__lt=today.month))
        .exclude(state=PlanTask.State.DONE)
        .select_related("owner_staff", "plan")
        .order_by("year", "month", "position")
    )


@dataclasses.dataclass(frozen=True)
class TaskRow:
    """A timeline task as the school home shows it, with what the viewer may do about it."""

    task: PlanTask
    overdue: bool
    can_update: bool


def followed_up_task(pk: int) -> PlanTask:
    """A task of an issued plan: drafts are changed in the plan editor, not followed up."""
    return PlanTask.objects.select_related("owner_staff", "plan").get(pk=pk, plan__status=Plan.Status.ISSUED)


def is_overdue(task: PlanTask, today: datetime.date) -> bool:
    return task.state != PlanTask.State.DONE and (task.year, task.month) < (today.year, today.month)


def task_row(user, school, task: PlanTask, today: datetime.date) -> TaskRow:
    return TaskRow(task, is_overdue(task, today), can_follow_up_task(user, school, task))


HOME_OVERDUE_LIMIT = 10


def school_home_timeline(user, school, today: datetime.date) -> dict:
    """This month's tasks and the latest overdue ones of issued plans (with how many are overdue in
    all), in three queries whatever their number (owners and plans are joined, the viewer's roles
    are cached for the request)."""
    overdue = overdue_tasks(today)
    latest_overdue = overdue.order_by("-year", "-month", "position", "pk")[:HOME_OVERDUE_LIMIT]
    return {
        "this_month": [task_row(user, school, t, today) for t in tasks_in_month(today.year, today.month)],
        "overdue": [task_row(user, school, t, today) for t in latest_overdue],
        "overdue_count": overdue.count(),
    }


def tasks_to_remind(today: datetime.date, *, days_ahead: int = 7) -> QuerySet[PlanTask]:
    """Tasks of issued plans whose month starts within `days_ahead` days and whose owners have not
    been reminded. Tasks of the current month are included too, so a beat missed during the last
    week of a month, or a plan issued mid-month, still reminds; past months are overdue instead."""
    horizon = today + datetime.timedelta(days=days_ahead)
    return (
        PlanTask.objects.filter(plan__status=Plan.Status.ISSUED, reminded_at__isnull=True)
        .exclude(state=PlanTask.State.DONE)
        .filter(Q(year__gt=today.year) | Q(year=today.year, month__gte=today.month))
        .filter(Q(year__lt=horizon.year) | Q(year=horizon.year, month__lte=horizon.month))
        .order_by("year", "month", "position", "pk")
    )


def calendar_tasks() -> QuerySet[PlanTask]:
    """Every task of the issued plans, for the school's calendar feed."""
    return (
        PlanTask.objects.filter(plan__status=Plan.Status.ISSUED)
        .select_related("owner_staff", "plan")
        .order_by("year", "month", "position", "pk")
    )


def calendar_feed_of(user) -> CalendarFeed | None:
    """The person's own calendar feed address on this school, if they made one."""
    return CalendarFeed.objects.filter(user_id=user.pk).first()


def calendar_feed_expired(feed: CalendarFeed, now: datetime.datetime) -> bool:
    """An address no calendar app has read for CALENDAR_FEED_IDLE_DAYS stops working (0: never)."""
    idle_days = settings.CALENDAR_FEED_IDLE_DAYS
    if idle_days <= 0:
        return False
    return (feed.last_used_at or feed.created_at) < now - datetime.timedelta(days=idle_days)


def calendar_feed_opened_by(secret: str, school, now: datetime.datetime) -> CalendarFeed | None:
    """The feed whose address carries `secret`, if it still opens: a replaced, revoked, unknown or
    long-unused address opens nothing, nor does the address of a person whose account is deactivated
    or who no longer belongs to the school. The lookup is on this school's schema only, so another
    school's address opens nothing here."""
    feed = CalendarFeed.objects.filter(digest=feed_digest(secret)).first()
    if feed is None or calendar_feed_expired(feed, now):
        return None
    user = active_school_member(feed.user_id, school)
    if user is None:
        return None
    feed.user = user
    return feed


def submission_reference(plan: Plan) -> str:
    """What every issued version of a plan is sent to the office as: one chain per plan, named after
    its first version, so the office sees a revision as the next version of the same plan."""
    while plan.previous_version_id:
        plan = plan.previous_version
    return f"plan:{plan.pk}"
