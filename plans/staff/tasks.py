"""The task that writes an office award decision into one school's award history. The office sends
it by name (office.decisions.delivery.DELIVERY_TASK) with everything the school needs, from inside the
school's schema, so tenant-schemas-celery runs it there. Acks late: a worker that dies mid-way leaves
the message to be delivered again, and the office's "resume" sends it again; either way each line is
written once."""

import logging

from office.celery import app
from office.decisions.delivery import DELIVERY_TASK
from plans.staff.decision_delivery import deliver_decision_to_school, report_delivery_failure
from tenants.schemas import on_public_schema

logger = logging.getLogger(__name__)


@app.task(name=DELIVERY_TASK, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def deliver_decision(instructions: dict) -> int:
    if on_public_schema():
        # Sent from outside a school's schema: there is no award history here, and retrying cannot help.
        logger.error("decision delivery %s sent from the public schema", instructions.get("delivery"))
        return 0
    try:
        return deliver_decision_to_school(instructions)
    except Exception as exc:
        report_delivery_failure(instructions, f"{type(exc).__name__}: {exc}")
        raise
