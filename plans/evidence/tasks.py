"""Beat's sweep of evidence uploads left pending (plans.evidence.services.sweep_pending_uploads): one
task per school, each sent from inside that school's schema so tenant-schemas-celery runs it there."""

import logging

from django.db import connection

from office.celery import app
from plans.evidence.services import sweep_pending_uploads
from tenants.schemas import for_each_school
from tenants.selectors import school_by_id

logger = logging.getLogger(__name__)


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def sweep_pending_uploads_of_all_schools() -> int:
    """Sent by beat in the public schema. Sending them all again after a crash is harmless: a school's
    sweep only touches uploads still pending, each under a row lock."""
    sent = 0
    for school in for_each_school():
        sweep_pending_uploads_of_school.delay(school.pk)
        sent += 1
    return sent


@app.task(acks_late=True)
def sweep_pending_uploads_of_school(school_id: int) -> int:
    school = school_by_id(school_id)
    if connection.schema_name != school.schema_name:
        logger.error("upload sweep of %s sent from schema %s", school.schema_name, connection.schema_name)
        return 0
    return sweep_pending_uploads(school=school)
