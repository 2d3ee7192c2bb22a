"""The one way to write the audit log. Call it inside the transaction of the change it records, so a
change and its record commit or fail together."""

from django.db import models

from office.audit.models import AuditEvent


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
