from django.db.models import QuerySet

from office.audit.models import AuditEvent


def history_of(obj) -> QuerySet[AuditEvent]:
    """Every recorded change of one object, newest first, in the current schema."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "user"
    )
