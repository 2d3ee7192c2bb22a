"""Beat's sweep of decision deliveries whose task was lost (office.decisions.delivery)."""

from office.celery import app
from office.decisions.delivery import resend_stalled_deliveries


@app.task
def resend_stalled_decision_deliveries() -> int:
    """Runs in the public schema (sent by beat, from no school): the deliveries live there."""
    return resend_stalled_deliveries()
