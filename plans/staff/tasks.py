"""The task that writes an office award decision into one school's award history. The office sends
it by name (`office.decisions.services.DELIVERY_TASK`) from inside the school's schema, so
tenant-schemas-celery runs it there. Acks late: a worker that dies mid-way leaves the message to be
delivered again, and the office's "resume" sends it again; either way each line is written once."""

import logging

from django.db import connection
from django_tenants.utils import get_public_schema_name

from office.celery import app
from office.decisions.services import DELIVERY_TASK, fail_delivery
from plans.staff.decision_delivery import deliver_decision_to_school

logger = logging.getLogger(__name__)


@app.task(name=DELIVERY_TASK, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def deliver_decision(delivery_id: int) -> int:
    if connection.schema_name == get_public_schema_name():
        # Sent from outside a school's schema: there is no award history here, and retrying cannot help.
        logger.error("decision delivery %s sent from the public schema", delivery_id)
        return 0
    try:
        return deliver_decision_to_school(delivery_id, schema_name=connection.schema_name)
    except Exception as exc:
        fail_delivery(delivery_id, error=f"{type(exc).__name__}: {exc}")
        raise
