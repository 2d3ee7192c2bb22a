"""Nightly per-school archives (tenants.backup), one bounded task per school (DESIGN.md §3 rule 6)."""

from office.celery import app
from tenants.backup import store_school_backup
from tenants.schemas import school_schemas
from tenants.selectors import school_by_id
from tenants.spares import replenish_spares


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def back_up_all_schools() -> int:
    """By beat, in the public schema: one backup task per school, so that one school's failure is
    retried on its own and the others go on."""
    schools = school_schemas()
    for school_id, _schema in schools:
        back_up_school.delay(school_id)
    return len(schools)


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def back_up_school(school_id: int) -> str:
    """A redelivered task writes one more archive, which the retention count trims: harmless."""
    return store_school_backup(school_by_id(school_id))


# No result kept: a school's creation sends it, and a send that also subscribes to the result store waits
# some twenty seconds for a Redis that is down before giving up.
@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3, ignore_result=True)
def refill_spare_schemas() -> int:
    """After a school took a spare schema, and by beat: drop spares of an older template and copy new
    ones until SCHOOL_SPARE_SCHEMAS are ready. Running twice at once, or during a migration run, makes
    nothing more (tenants/spares.py)."""
    return replenish_spares()
