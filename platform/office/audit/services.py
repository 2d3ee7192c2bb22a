"""The one way to write the audit log. Call it inside the transaction of the change it records, so a
change and its record commit or fail together."""

from django.db import models

from office.audit.models import AuditEvent, PersonalDataRead
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


def record_personal_read(
    user,
    *,
    kind: str,
    subjects,
    role: str = "",
    organisation: str = "",
    label: str = "",
    route: str = "",
    count: int | None = None,
) -> PersonalDataRead | None:
    """Record that `user` was shown the personal data of the staff `subjects` (ids in the current
    school's schema): one INSERT, in the request that showed them and failing with it: the record is
    what lets each person know who processed their data (Decree 13/2023/NĐ-CP Art. 9.1), not a best
    effort. The caller leaves out the reader's
    own record; with nobody else's data shown nothing is written."""
    ids = sorted({int(pk) for pk in subjects if pk is not None})
    if not ids:
        return None
    return PersonalDataRead.objects.create(
        reader=user if getattr(user, "pk", None) else None,
        reader_name=(getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", ""))[:150],
        reader_role=role[:200],
        organisation=organisation[:255],
        kind=kind,
        subjects=ids,
        count=count if count is not None else len(ids),
        object_label=label[:300],
        route=route[:300],
    )
