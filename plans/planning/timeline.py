"""Reminders of the plan timeline: a week before a task's month starts, its owners are told in the
app and by e-mail. Runs in the school's own schema (one Celery task per school, see plans/tasks.py)."""

import dataclasses
import datetime

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from plans.notifications.services import notify
from plans.planning.selectors import tasks_to_remind

REMINDER_DAYS_AHEAD = 7
# A run reminds at most this many tasks, so one school never holds a worker for long and a retry
# redoes little; the Celery task queues the next run at once when more are left.
REMINDER_BATCH_SIZE = 200


@dataclasses.dataclass(frozen=True)
class ReminderRun:
    tasks: int
    notifications: int
    emails: int
    more: bool


def plan_page_path(plan_id: int) -> str:
    return f"/ke-hoach/{plan_id}/"


class _Recipients:
    """Who is told about a task. Role holders live in the public schema and are read once per run,
    not once per task."""

    def __init__(self, school):
        self.school = school
        self._holders: dict[str, list] = {}

    def holders(self, role: str) -> list:
        if role not in self._holders:
            self._holders[role] = list(members_with_roles(self.school, [role]).order_by("pk"))
        return self._holders[role]

    def for_task(self, task) -> list:
        found = []
        if task.owner_staff_id is not None:
            user = task.owner_staff.user
            if user is not None and user.is_active:
                found = [user]
        elif task.owner_role:
            found = self.holders(task.owner_role)
        # A task nobody can be told about (no owner, an owner without an account, a role nobody
        # holds) goes to the principal, who answers for the whole plan.
        return found or self.holders(Role.PRINCIPAL)


def remind_task_owners(*, school, today: datetime.date, limit: int = REMINDER_BATCH_SIZE) -> ReminderRun:
    """Remind the owners of the tasks whose month starts within a week, once per task.

    Each task is locked, checked again and marked reminded in its own transaction, its mail sent
    before the commit: two runs at once skip each other's tasks (SKIP LOCKED), a second run finds
    nothing left, and a failed send rolls the task back so that the retry reminds it rather than
    never. Only a crash between the mail server's acceptance and the commit can repeat a mail."""
    due = tasks_to_remind(today, days_ahead=REMINDER_DAYS_AHEAD)
    candidate_ids = list(due.values_list("pk", flat=True)[: limit + 1])
    if not candidate_ids:
        return ReminderRun(0, 0, 0, more=False)
    recipients = _Recipients(school)
    tasks = notifications = emails = 0
    with get_connection() as mail:
        for task_id in candidate_ids[:limit]:
            with transaction.atomic():
                task = (
                    due.filter(pk=task_id)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("plan", "owner_staff__user")
                    .first()
                )
                if task is None:  # reminded or done meanwhile, or being reminded by another run
                    continue
                for user in recipients.for_task(task):
                    notify(
                        recipient_id=user.pk,
                        message=f"Nhắc việc tháng {task.month:02d}/{task.year}: {task.text}",
                        link=plan_page_path(task.plan_id),
                    )
                    notifications += 1
                    if user.email:
                        _send_reminder_mail(mail, school=school, task=task, user=user)
                        emails += 1
                task.reminded_at = timezone.now()
                task.save(update_fields=["reminded_at"])
                tasks += 1
    return ReminderRun(tasks, notifications, emails, more=len(candidate_ids) > limit)


def _send_reminder_mail(mail, *, school, task, user) -> None:
    context = {
        "school": school,
        "task": task,
        "user": user,
        "url": settings.SCHOOL_URL_FORMAT.format(host=school.host) + plan_page_path(task.plan_id),
    }
    send_mail(
        f"Nhắc việc tháng {task.month:02d}/{task.year} – {school.name}",
        render_to_string("plans/emails/task_reminder.txt", context),
        None,
        [user.email],
        connection=mail,
    )
