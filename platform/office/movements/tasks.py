"""Beat's sweep of the office's movement documents left pending (office.movements.services)."""

from office.celery import app
from office.movements.services import sweep_pending_documents


@app.task(acks_late=True)
def sweep_pending_movement_documents() -> int:
    """In the public schema, where the documents live; storage down leaves them for the next run."""
    return sweep_pending_documents()
