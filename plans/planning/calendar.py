"""The school's plan timeline as an iCalendar feed that staff subscribe to in their calendar apps.

Calendar apps cannot log in, so the feed's address carries a token: the school's code signed with
the platform's secret and a salt of its own, so it opens this school's feed and nothing else."""

import datetime
from collections.abc import Iterable

import icalendar
from django.core import signing

from plans.planning.models import PlanTask

FEED_SALT = "plans.planning.calendar.feed"
# Calendar apps poll the feed; a few hours is fresh enough for a monthly timeline.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def feed_token(school) -> str:
    return signing.Signer(salt=FEED_SALT).sign(school.code)


def token_opens(token: str, school) -> bool:
    """Whether `token` is a genuine token of `school` (a forged token or another school's is not)."""
    try:
        return signing.Signer(salt=FEED_SALT).unsign(token) == school.code
    except signing.BadSignature:
        return False


def _first_day_of_next_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1)


def task_owner_label(task: PlanTask) -> str:
    if task.owner_staff_id is not None:
        return task.owner_staff.full_name
    if task.owner_role:
        return task.get_owner_role_display()
    return "Chưa phân công"


def school_calendar(*, school, tasks: Iterable[PlanTask], base_url: str) -> bytes:
    """One all-day event per task spanning its month. UIDs are stable, so a calendar app updates
    an event in place when the task changes instead of adding a copy."""
    calendar = icalendar.Calendar.new(
        name=f"Kế hoạch thi đua, khen thưởng – {school.name}",
        prodid="-//Thi dua - Khen thuong//Ke hoach//VI",
        uid=f"plan-tasks@{school.code}",
        refresh_interval=REFRESH_INTERVAL,
    )
    for task in tasks:
        plan = task.plan
        description = [
            f"Người phụ trách: {task_owner_label(task)}",
            f"Kế hoạch số: {plan.number or '(chưa có số)'} – {plan.title}",
            f"Tình trạng: {task.get_state_display()}",
        ]
        calendar.add_component(
            icalendar.Event.new(
                uid=f"plan-task-{task.pk}@{school.code}",
                summary=task.text,
                description="\n".join(description),
                start=datetime.date(task.year, task.month, 1),
                end=_first_day_of_next_month(task.year, task.month),
                url=f"{base_url}/ke-hoach/{plan.pk}/",
            )
        )
    return calendar.to_ical()
