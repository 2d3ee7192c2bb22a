"""The school's plan timeline as an iCalendar feed that staff subscribe to in their calendar apps.

Calendar apps cannot log in, so the feed's address carries a token: each person's own random secret
(plans.planning.models.CalendarFeed keeps only its hash), which the person can replace or revoke, and
which stops opening the feed when the person no longer belongs to the school. The school-wide signed
tokens of earlier versions open nothing any more."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

import icalendar

from plans.planning.models import PlanTask

# Calendar apps poll the feed; a few hours is fresh enough for a monthly timeline.
REFRESH_INTERVAL = datetime.timedelta(hours=6)
# 32 random bytes: the address is the only key, so it must not be guessable.
TOKEN_BYTES = 32
OWN_TASK_MARK = "★ "


def new_feed_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def feed_digest(secret: str) -> str:
    """What is stored and looked up: a plain SHA-256 is enough for a random 256-bit secret (nothing
    to guess from a dictionary), and it is cheap for a feed polled every few hours."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _first_day_of_next_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1)


def task_owner_label(task: PlanTask) -> str:
    if task.owner_staff_id is not None:
        return task.owner_staff.full_name
    if task.owner_role:
        return task.get_owner_role_display()
    return "Chưa phân công"


def is_own_task(task: PlanTask, *, user, roles: Iterable[str] = ()) -> bool:
    """The person owns the task: as its named owner, or by a role they hold when no one is named."""
    if task.owner_staff_id is not None:
        return task.owner_staff.user_id == user.pk
    return bool(task.owner_role) and task.owner_role in roles


def school_calendar(
    *, school, tasks: Iterable[PlanTask], base_url: str, user, roles: Iterable[str] = ()
) -> bytes:
    """One all-day event per task spanning its month, the person's own tasks marked with a star. UIDs
    are stable, so a calendar app updates an event in place when the task changes instead of adding a
    copy."""
    roles = set(roles)
    calendar = icalendar.Calendar.new(
        name=f"Kế hoạch thi đua, khen thưởng – {school.name}",
        prodid="-//Thi dua - Khen thuong//Ke hoach//VI",
        uid=f"plan-tasks@{school.code}",
        refresh_interval=REFRESH_INTERVAL,
    )
    for task in tasks:
        plan = task.plan
        own = is_own_task(task, user=user, roles=roles)
        description = [
            *(["Việc do bạn phụ trách."] if own else []),
            f"Người phụ trách: {task_owner_label(task)}",
            f"Kế hoạch số: {plan.number or '(chưa có số)'} – {plan.title}",
            f"Tình trạng: {task.get_state_display()}",
        ]
        calendar.add_component(
            icalendar.Event.new(
                uid=f"plan-task-{task.pk}@{school.code}",
                summary=f"{OWN_TASK_MARK}{task.text}" if own else task.text,
                description="\n".join(description),
                start=datetime.date(task.year, task.month, 1),
                end=_first_day_of_next_month(task.year, task.month),
                url=f"{base_url}/ke-hoach/{plan.pk}/",
            )
        )
    return calendar.to_ical()
