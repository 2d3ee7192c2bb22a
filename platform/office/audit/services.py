"""The one way to write the audit log. Call it inside the transaction of the change it records, so a
change and its record commit or fail together."""

from django.db import models

from office.audit.models import AuditEvent
from tenants.schemas import in_public


def record_event(
    action: str, obj: models.Model | None = None, *, user=None, before=None, after=None, summary: str = ""
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        user=user if getattr(user, "pk", None) else None,
        before=before,
        after=after,
    )


def record_office_event(
    action: str, obj: models.Model | None = None, *, user=None, before=None, after=None, summary: str = ""
) -> AuditEvent:
    """An event of the office's history, written to the public schema whatever schema the caller is
    on: a school acting on its own cluster seat from its host, or the school-side delivery task
    reporting back, would otherwise put it in the school's own audit table."""
    with in_public():
        return record_event(action, obj, user=user, before=before, after=after, summary=summary)
