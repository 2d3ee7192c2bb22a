from django.core.management import call_command

from office.celery import app


@app.task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def clear_expired_sessions():
    """Sessions live in the public schema; expired ones are removed nightly by beat."""
    call_command("clearsessions")
