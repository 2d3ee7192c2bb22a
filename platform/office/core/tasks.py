from django.core.management import call_command

from office.celery import app
from office.core.deletions import retry_object_deletions as retry_deletions


@app.task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def clear_expired_sessions():
    """Sessions live in the public schema; expired ones are removed nightly by beat."""
    call_command("clearsessions")


@app.task(acks_late=True)
def retry_object_deletions() -> int:
    """Objects whose delete failed when their record changed (storage down then), deleted now."""
    return retry_deletions()
