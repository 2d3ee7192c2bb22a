"""Every write on Submissions: a school's new version (submit) and the office's review of it (thẩm định):
return with comments, accept (approve, which locks), forward upward, unapprove, the checklist, and the
same actions in batch over all results of a filter. Each change is audited inside its transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from office.audit.services import record_event, record_office_event, record_personal_read
from office.authorities.models import Authority
from office.core.errors import Invalid, Refusal, Refused, require
from office.rules.vocabulary import Rating
from office.submissions.models import APPROVED_STATUSES, RatingConfirmation, Submission
from office.submissions.permissions import (
    REVIEW_REFUSED,
    UNAPPROVE_REFUSED,
    can_review_submission,
    can_unapprove_submission,
)
from office.submissions.selectors import CHECKLIST_ITEMS, reviewing_memberships
from tenants.schemas import in_school


class SubmissionReviewError(Invalid):
    """A review action that is refused; the message is for the user, in Vietnamese."""


class SubmissionLockedError(SubmissionReviewError):
    """The school tried to send a new version of what the office has approved."""


# Kinds whose approval locks the school's object: a new version needs the office to unapprove first.
LOCKED_KINDS = (Submission.Kind.DOSSIER, Submission.Kind.COLLECTIVE_RATING, Submission.Kind.YEAR_REPORT)
LOCKED_MESSAGE = (
    "Hồ sơ đã được cơ quan quản lý phê duyệt nên không gửi phiên bản mới được; "
    "chỉ gửi lại khi lãnh đạo cơ quan quản lý hủy duyệt."
)


@transaction.atomic
def submit(*, school, kind: str, reference: str, year: int, title: str, payload: dict, user) -> Submission:
    """Record a new immutable version of a school's object for the office. Earlier open versions of
    the same object are marked superseded, so the office reviews only the latest. An approved
    dossier is locked: no new version until the office unapproves it."""
    versions = (
        Submission.objects.for_school(school).select_for_update().filter(kind=kind, reference=reference)
    )
    if kind in LOCKED_KINDS and versions.filter(status__in=APPROVED_STATUSES).exists():
        raise SubmissionLockedError(LOCKED_MESSAGE)
    latest = versions.aggregate(Max("version"))["version__max"]
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


# The office's actions, by code: the states each may start from.
RETURN, ACCEPT, FORWARD, UNAPPROVE = "return", "accept", "forward", "unapprove"
ACTION_FROM = {
    RETURN: (Submission.Status.SUBMITTED,),
    ACCEPT: (Submission.Status.SUBMITTED,),
    FORWARD: (Submission.Status.ACCEPTED,),
    UNAPPROVE: APPROVED_STATUSES,
}
ACTION_LABELS = {
    RETURN: "Trả lại",
    ACCEPT: "Duyệt (tiếp nhận)",
    FORWARD: "Trình cấp trên",
    UNAPPROVE: "Hủy duyệt",
}
STATE_REFUSALS = {
    RETURN: "Chỉ trả lại được hồ sơ đang chờ thẩm định.",
    ACCEPT: "Chỉ tiếp nhận được hồ sơ đang chờ thẩm định.",
    FORWARD: "Chỉ trình cấp trên được hồ sơ đã duyệt.",
    UNAPPROVE: "Chỉ hủy duyệt được hồ sơ đã duyệt hoặc đã trình cấp trên.",
}
# Actions offered in batch; unapproval always needs its own reason and the head's decision.
BATCH_ACTIONS = (ACCEPT, RETURN, FORWARD)
BATCH_ACTION_CHOICES = [(code, ACTION_LABELS[code]) for code in BATCH_ACTIONS]


def refusal_reason(submission: Submission, action: str, user) -> str:
    """Why `user` may not take `action` on `submission` now, or "" when they may. The one place both
    the actions and the batch preview ask, so a preview never promises what the action refuses."""
    return _right_refusal(submission, action, user) or _state_refusal(submission, action)


def _right_refusal(submission: Submission, action: str, user) -> str:
    if not can_review_submission(user, submission):
        return REVIEW_REFUSED
    if action == UNAPPROVE and submission.status in ACTION_FROM[action]:
        if not can_unapprove_submission(user, submission):
            return UNAPPROVE_REFUSED
    return ""


def _state_refusal(submission: Submission, action: str) -> str:
    return "" if submission.status in ACTION_FROM[action] else STATE_REFUSALS[action]


def _locked(submission: Submission, action: str, user) -> Submission:
    """The submission, locked, once the person's right (Refused, 403) and then its state (400) allow
    the action."""
    locked = Submission.objects.select_for_update().select_related("school").get(pk=submission.pk)
    reason = _right_refusal(locked, action, user)
    if reason:
        raise Refused(reason)
    reason = _state_refusal(locked, action)
    if reason:
        raise SubmissionReviewError(reason)
    return locked


def _audit(submission: Submission, verb: str, *, user, before: dict, after: dict, summary: str = "") -> None:
    record_event(
        f"{submission.kind}.{verb}", submission, user=user, before=before, after=after, summary=summary
    )


def record_tampering(obj, *, key: str, filename: str, details: dict, user) -> None:
    """An evidence file a school sent whose stored bytes are no longer those the school's server checked
    (size or SHA-256): kept in the office's history, beside what listed it (a dossier's submission, a
    cluster score), for whoever investigates."""
    record_office_event(
        "evidence.tampered",
        obj,
        user=user,
        summary=f"Minh chứng “{filename}” đã bị thay đổi trong kho lưu trữ",
        after={"key": key, "filename": filename, **details},
    )


@transaction.atomic
def return_submission(submission: Submission, *, comments: list[dict], user) -> Submission:
    """Send a version back to the school with the office's comments, one per document where given
    ({"document": "cover_letter", "text": "…"}); the school corrects and submits a new version."""
    cleaned = [
        {"document": str(c.get("document") or ""), "text": str(c.get("text") or "").strip()}
        for c in comments
        if str(c.get("text") or "").strip()
    ]
    submission = _locked(submission, RETURN, user)
    if not cleaned:
        raise SubmissionReviewError("Hãy ghi ý kiến để trường biết cần sửa gì.")
    before = {"status": submission.status}
    submission.status = Submission.Status.RETURNED
    submission.review_comments = cleaned
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "review_comments", "reviewed_by", "reviewed_at"])
    _audit(
        submission,
        "returned",
        user=user,
        before=before,
        after={"status": submission.status, "comments": cleaned},
    )
    return submission


@transaction.atomic
def accept_submission(submission: Submission, *, user) -> Submission:
    """Approve the version: from now on it is locked (no return, no checklist change, no new version
    from the school) until the office head unapproves it."""
    if submission.kind == Submission.Kind.COLLECTIVE_RATING:
        # Accepting a school's own rating confirms it as proposed.
        return confirm_collective_rating(submission, user=user)
    submission = _locked(submission, ACCEPT, user)
    before = {"status": submission.status}
    submission.status = Submission.Status.ACCEPTED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    _audit(submission, "accepted", user=user, before=before, after={"status": submission.status})
    return submission


@transaction.atomic
def confirm_collective_rating(
    submission: Submission, *, user, rating: str = "", note: str = ""
) -> Submission:
    """The office confirms a school's own rating for a school year, or corrects it (a different rating,
    with the reason the school will read). Confirming approves the version, so the school cannot send
    another until the office head unapproves it; the rules checker counts the confirmed rating only."""
    if submission.kind != Submission.Kind.COLLECTIVE_RATING:
        raise SubmissionReviewError("Chỉ xác nhận được kết quả xếp loại tập thể.")
    submission = _locked(submission, ACCEPT, user)
    proposed = (submission.payload or {}).get("rating")
    rating = rating or proposed
    if rating not in Rating.values:
        raise SubmissionReviewError("Hãy chọn một mức xếp loại.")
    note = " ".join((note or "").split())
    if rating != proposed and not note:
        raise SubmissionReviewError("Hãy ghi lý do điều chỉnh xếp loại để trường được biết.")
    now = timezone.now()
    RatingConfirmation.objects.update_or_create(
        submission=submission,
        defaults={"rating": rating, "note": note, "confirmed_by": user, "confirmed_at": now},
    )
    before = {"status": submission.status, "rating": proposed}
    submission.status = Submission.Status.ACCEPTED
    submission.reviewed_by = user
    submission.reviewed_at = now
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    corrected = rating != proposed
    _audit(
        submission,
        "corrected" if corrected else "confirmed",
        user=user,
        before=before,
        after={"status": submission.status, "rating": rating, "note": note},
        summary=(
            f"Điều chỉnh xếp loại từ {Rating(proposed).label if proposed in Rating.values else '—'} "
            f"thành {Rating(rating).label}: {note}"
            if corrected
            else f"Xác nhận xếp loại {Rating(rating).label}"
        ),
    )
    return submission


def forward_targets(submission: Submission, user) -> list[Authority]:
    """Where the reviewing office may send an approved version: the bodies above it, nearest first."""
    targets: list[Authority] = []
    for membership in reviewing_memberships(user, submission.school):
        parent = membership.authority.parent
        while parent is not None and parent not in targets:
            targets.append(parent)
            parent = parent.parent
    return targets


@transaction.atomic
def forward_submission(submission: Submission, *, user, to: Authority | None = None) -> Submission:
    """Send an approved version upward: to the body directly above the reviewing office, or one chosen
    among the bodies above it."""
    submission = _locked(submission, FORWARD, user)
    targets = forward_targets(submission, user)
    if to is None:
        if not targets:
            raise SubmissionReviewError("Cơ quan của bạn không có cấp trên để trình hồ sơ.")
        to = targets[0]
    elif to not in targets:
        raise SubmissionReviewError("Chỉ trình được lên cơ quan cấp trên của cơ quan mình.")
    before = {"status": submission.status}
    submission.status = Submission.Status.FORWARDED
    submission.forwarded_to = to
    submission.forwarded_at = timezone.now()
    submission.forwarded_by = user
    submission.save(update_fields=["status", "forwarded_to", "forwarded_at", "forwarded_by"])
    _audit(
        submission,
        "forwarded",
        user=user,
        before=before,
        after={"status": submission.status, "forwarded_to": to.code},
        summary=f"Trình {to.name}",
    )
    return submission


@transaction.atomic
def unapprove_submission(submission: Submission, *, reason: str, user) -> Submission:
    """The office head takes an approval back (accepted or forwarded → submitted), with a reason that
    the school sees; the count of unapprovals stays on the version."""
    reason = " ".join((reason or "").split())
    submission = _locked(submission, UNAPPROVE, user)
    if not reason:
        raise SubmissionReviewError("Hãy ghi lý do hủy duyệt.")
    before = {
        "status": submission.status,
        "forwarded_to": submission.forwarded_to.code if submission.forwarded_to_id else None,
    }
    submission.status = Submission.Status.SUBMITTED
    submission.forwarded_to = None
    submission.forwarded_at = None
    submission.forwarded_by = None
    submission.unapproved_count += 1
    submission.unapproval_reason = reason
    submission.unapproved_at = timezone.now()
    submission.unapproved_by = user
    submission.save(
        update_fields=[
            "status",
            "forwarded_to",
            "forwarded_at",
            "forwarded_by",
            "unapproved_count",
            "unapproval_reason",
            "unapproved_at",
            "unapproved_by",
        ]
    )
    _audit(
        submission,
        "unapproved",
        user=user,
        before=before,
        after={"status": submission.status, "reason": reason, "count": submission.unapproved_count},
    )
    return submission


@transaction.atomic
def update_checklist(submission: Submission, *, ticked: list[str], user) -> Submission:
    """Save the office's ticks on the dossier checklist (DOMAIN.md §1.5). Locked once approved."""
    submission = Submission.objects.select_for_update().select_related("school").get(pk=submission.pk)
    require(can_review_submission(user, submission), REVIEW_REFUSED)
    if submission.status != Submission.Status.SUBMITTED:
        raise SubmissionReviewError("Chỉ đánh dấu phiếu kiểm tra khi hồ sơ đang chờ thẩm định.")
    unknown = set(ticked) - set(CHECKLIST_ITEMS)
    if unknown:
        raise SubmissionReviewError("Mục kiểm tra không có trong phiếu.")
    after = {code: code in ticked for code in CHECKLIST_ITEMS}
    if after == {code: bool(submission.checklist.get(code)) for code in CHECKLIST_ITEMS}:
        return submission
    before = dict(submission.checklist)
    submission.checklist = after
    submission.save(update_fields=["checklist"])
    _audit(submission, "checklist_updated", user=user, before=before, after=after)
    return submission


@dataclass
class BatchResult:
    action: str
    changed: list[Submission] = field(default_factory=list)
    refused: list[tuple[Submission, str]] = field(default_factory=list)


def batch_preview(submissions, action: str, *, user) -> BatchResult:
    """What a batch action would do to every submission of a filter, without changing anything."""
    if action not in BATCH_ACTIONS:
        raise SubmissionReviewError("Thao tác hàng loạt không hợp lệ.")
    result = BatchResult(action)
    for submission in submissions:
        reason = refusal_reason(submission, action, user)
        if reason:
            result.refused.append((submission, reason))
        else:
            result.changed.append(submission)
    return result


def batch_review(submissions, action: str, *, user, comment: str = "") -> BatchResult:
    """Take one action on every submission of a filter (not only the page shown). Each change is its own
    audited transaction; one refused item is listed with its reason and does not stop the others."""
    if action not in BATCH_ACTIONS:
        raise SubmissionReviewError("Thao tác hàng loạt không hợp lệ.")
    if action == RETURN and not (comment or "").strip():
        raise SubmissionReviewError("Hãy ghi ý kiến chung để trả lại các hồ sơ.")
    result = BatchResult(action)
    for submission in submissions:
        try:
            if action == ACCEPT:
                changed = accept_submission(submission, user=user)
            elif action == RETURN:
                changed = return_submission(
                    submission, comments=[{"document": "", "text": comment}], user=user
                )
            else:
                changed = forward_submission(submission, user=user)
        except Refusal as exc:  # one refused item is listed and does not stop the others
            result.refused.append((submission, exc.message))
        else:
            result.changed.append(changed)
    return result


# --- Reads of the schools' people (Decree 13/2023/NĐ-CP) ---------------------------------------------


def _nominee_staff(submission: Submission) -> dict:
    """{nomination id: staff id} of a dossier's nominees (a collective nominee has no staff id)."""
    return {
        n.get("nomination"): n.get("staff")
        for n in submission.payload.get("nominees", [])
        if isinstance(n, dict) and n.get("staff")
    }


def record_dossier_reads(
    user, reads: list[tuple[Submission, list[int | None]]], *, kind: str, route: str, label=None
):
    """Record, in each sending school's own schema, that an office reviewer was shown the data of the
    given nominees (by nomination id; None: every nominee of the dossier), so each person finds the
    office's read beside their data. One INSERT per school: a review page or a download is one
    school; the evidence ZIP of many dossiers may span a few. A snapshot sent before nominees carried
    their staff id names nobody and is not recorded."""
    by_school: dict = {}
    for submission, nominations in reads:
        staff = _nominee_staff(submission)
        wanted = staff.values() if nominations is None else [staff.get(n) for n in nominations]
        entry = by_school.setdefault(submission.school, ([], []))
        entry[0].extend(pk for pk in wanted if pk)
        entry[1].append(label or submission.title)
    with transaction.atomic():  # the reads of one request are on record in every school, or in none
        for school, (subjects, titles) in by_school.items():
            memberships = reviewing_memberships(user, school)
            role = ", ".join(sorted({m.get_role_display() for m in memberships}))
            organisation = ", ".join(sorted({m.authority.name for m in memberships}))
            with in_school(school):
                record_personal_read(
                    user,
                    kind=kind,
                    subjects=subjects,
                    role=role,
                    organisation=organisation,
                    label="; ".join(dict.fromkeys(titles)),
                    route=route,
                )
