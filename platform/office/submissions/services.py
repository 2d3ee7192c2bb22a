from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from office.audit.services import record_event
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


class SubmissionReviewError(Exception):
    """A review action that is refused; the message is for the user, in Vietnamese."""


REVIEWABLE = (Submission.Status.SUBMITTED,)


@transaction.atomic
def return_submission(submission: Submission, *, comments: list[dict], user) -> Submission:
    """Send a version back to the school with the office's comments, one per document where given
    ({"document": "cover_letter", "text": "…"}); the school corrects and submits a new version."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status not in REVIEWABLE:
        raise SubmissionReviewError("Chỉ trả lại được hồ sơ đang chờ thẩm định.")
    cleaned = [
        {"document": str(c.get("document") or ""), "text": str(c.get("text") or "").strip()}
        for c in comments
        if str(c.get("text") or "").strip()
    ]
    if not cleaned:
        raise SubmissionReviewError("Hãy ghi ý kiến để trường biết cần sửa gì.")
    before = {"status": submission.status}
    submission.status = Submission.Status.RETURNED
    submission.review_comments = cleaned
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "review_comments", "reviewed_by", "reviewed_at"])
    record_event(
        f"{submission.kind}.returned",
        submission,
        user=user,
        before=before,
        after={"status": submission.status, "comments": cleaned},
    )
    return submission


@transaction.atomic
def accept_submission(submission: Submission, *, user) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status not in REVIEWABLE:
        raise SubmissionReviewError("Chỉ tiếp nhận được hồ sơ đang chờ thẩm định.")
    before = {"status": submission.status}
    submission.status = Submission.Status.ACCEPTED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record_event(
        f"{submission.kind}.accepted",
        submission,
        user=user,
        before=before,
        after={"status": submission.status},
    )
    return submission
