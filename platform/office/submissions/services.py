from django.db import transaction
from django.db.models import Max

from office.submissions.models import Submission


@transaction.atomic
def submit(*, school, kind: str, reference: str, year: int, title: str, payload: dict, user) -> Submission:
    """Record a new immutable version of a school's object for the office. Earlier open versions of
    the same object are marked superseded, so the office reviews only the latest."""
    latest = (
        Submission.objects.for_school(school)
        .select_for_update()
        .filter(kind=kind, reference=reference)
        .aggregate(Max("version"))["version__max"]
    )
    Submission.objects.for_school(school).filter(
        kind=kind, reference=reference, status__in=[Submission.Status.SUBMITTED, Submission.Status.RETURNED]
    ).update(status=Submission.Status.SUPERSEDED)
    return Submission.objects.create(
        school=school,
        kind=kind,
        reference=reference,
        year=year,
        version=(latest or 0) + 1,
        title=title[:500],
        payload=payload,
        submitted_by=user,
    )
