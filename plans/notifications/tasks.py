from office.celery import app
from plans.notifications.services import notify


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def deliver_notification(recipient_id: int, message: str, link: str = "") -> int:
    """Runs in the schema of the school that sent it (tenant-schemas-celery)."""
    return notify(recipient_id=recipient_id, message=message, link=link).pk
