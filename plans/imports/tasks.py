"""The import jobs' tasks: reading one file in the school's schema it was sent from, and beat's sweep."""

import logging

from django.conf import settings

from office.celery import app
from plans.imports.services import run_import_job as run_job
from plans.imports.services import sweep_import_jobs
from tenants.schemas import for_each_school, on_public_schema

logger = logging.getLogger(__name__)


# Not retried: a refused file stays refused, and a job whose worker died comes back through acks late
# (counted by claim_job). The limits of the message win over these (start_import sends the settings'
# of the moment); a worker enforces them with its prefork pool, not with the solo one.
@app.task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.IMPORT_SOFT_TIME_LIMIT,
    time_limit=settings.IMPORT_TIME_LIMIT,
)
def run_import_job(self, job_id: int) -> str | None:
    if on_public_schema():
        # Sent from outside a school's schema: its job is not here, and retrying cannot help.
        logger.error("import job %s sent from the public schema", job_id)
        return None
    _hard, soft = self.request.timelimit or (None, None)
    return run_job(job_id, soft_time_limit=soft or self.soft_time_limit)


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def sweep_import_jobs_of_all_schools() -> int:
    """By beat, in the public schema: two statements per school (few rows each: a school's jobs of a
    day). Running twice at once or again after a crash changes nothing more."""
    refused = 0
    for _school in for_each_school():
        interrupted, _deleted = sweep_import_jobs()
        refused += interrupted
    return refused
