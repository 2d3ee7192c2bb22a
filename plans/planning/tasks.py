import datetime
import logging

from django.db import connection
from django.utils import timezone

from office.celery import app
from plans.planning.timeline import remind_task_owners
from tenants.schemas import for_each_school
from tenants.selectors import school_by_id

logger = logging.getLogger(__name__)


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def remind_task_owners_of_all_schools(today: str | None = None) -> int:
    """Daily by beat, in the public schema: one reminder task per school, each sent from inside
    that school's schema so that tenant-schemas-celery runs it there. A redelivery after a crash
    sends them all again, which is harmless: reminding is idempotent."""
    day = today or timezone.localdate().isoformat()
    sent = 0
    for school in for_each_school():
        remind_task_owners_of_school.delay(school.pk, day)
        sent += 1
    return sent


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def remind_task_owners_of_school(school_id: int, today: str) -> int:
    """One bounded run of one school's reminders; queues the next run while tasks are left."""
    school = school_by_id(school_id)
    if connection.schema_name != school.schema_name:
        # Sent from outside the school's schema: its tasks are not here, and retrying cannot help.
        logger.error("reminders of school %s sent from schema %s", school.schema_name, connection.schema_name)
        return 0
    run = remind_task_owners(school=school, today=datetime.date.fromisoformat(today))
    # Without progress (every task locked by a concurrent run) tomorrow's run takes the rest,
    # rather than this one spinning.
    if run.more and run.tasks:
        remind_task_owners_of_school.delay(school_id, today)  # sent from this school's schema
    return run.tasks
