"""The school's self-scoring of a cluster round: a draft kept in the school's schema, then a submission
to the office through office.clusters (the school acting on its own seat, like `submit`). Refusals
raise SelfAssessmentError with a Vietnamese message and change nothing."""

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.clusters.models import ScoringRound
from office.clusters.scoring import PointsError, parse_points
from office.clusters.selectors import own_result, rubric_criteria
from office.clusters.services import ClusterError, submit_self_assessment
from office.core.errors import Invalid
from office.submissions.models import Submission
from plans.evidence.models import Evidence
from plans.self_assessment.models import SelfAssessment, SelfScore


class SelfAssessmentError(Invalid):
    """A refused change; the message is for the user, in Vietnamese."""


def assessment_for(scoring_round: ScoringRound) -> SelfAssessment:
    assessment, _ = SelfAssessment.objects.get_or_create(round_id=scoring_round.pk)
    return assessment


def _ensure_open(school, scoring_round: ScoringRound) -> None:
    if scoring_round.stage != ScoringRound.Stage.SELF_SCORING:
        raise SelfAssessmentError(
            f"Đợt chấm đang ở bước “{scoring_round.get_stage_display()}”; không sửa được bản tự chấm nữa."
        )
    result = own_result(school, scoring_round)
    if result is not None and (result.leader_approved_at or result.office_approved_at):
        raise SelfAssessmentError("Kết quả của trường đã được duyệt nên không sửa được bản tự chấm.")


@transaction.atomic
def save_draft(*, school, scoring_round: ScoringRound, entries: dict, user) -> SelfAssessment:
    """`entries`: {criterion_id: {"points": "8,5" or "", "note": "…", "add_evidence": [ids],
    "remove_evidence": [ids]}}. Empty points stay empty in a draft; given ones are checked now."""
    _ensure_open(school, scoring_round)
    criteria = {c.pk: c for c in rubric_criteria(scoring_round.rubric)}
    assessment = SelfAssessment.objects.select_for_update(of=("self",)).get(
        pk=assessment_for(scoring_round).pk
    )
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    changed = 0
    for criterion_id, entry in entries.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise SelfAssessmentError("Không tìm thấy tiêu chí này trong bảng tiêu chí của đợt chấm.")
        raw = str(entry.get("points") or "").strip()
        try:
            points = parse_points(raw, criterion) if raw else None
        except PointsError as exc:
            raise SelfAssessmentError(str(exc)) from None
        score = scores.get(criterion.pk) or SelfScore(assessment=assessment, criterion_id=criterion.pk)
        note = str(entry.get("note") or "").strip()
        if score.pk is None or score.points != points or score.note != note:
            score.points, score.note = points, note
            score.save()
            changed += 1
        add = [int(pk) for pk in entry.get("add_evidence") or [] if str(pk).strip().isdigit()]
        if add:
            files = list(Evidence.objects.filter(pk__in=add, status=Evidence.Status.VERIFIED))
            if len(files) != len(set(add)):
                raise SelfAssessmentError("Minh chứng chưa tải lên xong hoặc đã bị từ chối; hãy tải lên lại.")
            score.evidence.add(*files)
            changed += 1
        remove = [int(pk) for pk in entry.get("remove_evidence") or [] if str(pk).strip().isdigit()]
        if remove:
            score.evidence.remove(*remove)
            changed += 1
    if changed:
        assessment.state = SelfAssessment.State.DRAFT
        assessment.updated_by = user
        assessment.save(update_fields=["state", "updated_by", "updated_at"])
        record_event("self_assessment.saved", assessment, user=user, after={"round": scoring_round.pk})
    return assessment


def _items(assessment: SelfAssessment) -> list[dict]:
    items = []
    for score in assessment.scores.prefetch_related("evidence"):
        if score.points is None:
            continue
        items.append(
            {
                "criterion": score.criterion_id,
                "points": str(score.points),
                "note": score.note,
                "evidence": [
                    {
                        "key": e.key,
                        "filename": e.filename,
                        "sha256": e.sha256,
                        "size": e.size,
                        "content_type": e.content_type,
                    }
                    for e in score.evidence.all()
                ],
            }
        )
    return items


@transaction.atomic
def submit_draft(*, school, scoring_round: ScoringRound, user) -> Submission:
    """Send the draft up: the office checks it against the rubric (every criterion scored, maxima,
    evidence where required) and stores the self scores; a resubmission is a new version."""
    _ensure_open(school, scoring_round)
    assessment = SelfAssessment.objects.select_for_update(of=("self",)).get(
        pk=assessment_for(scoring_round).pk
    )
    try:
        submission = submit_self_assessment(
            school=school, scoring_round=scoring_round, items=_items(assessment), user=user
        )
    except ClusterError as exc:
        raise SelfAssessmentError(str(exc)) from None
    assessment.state = SelfAssessment.State.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submission_id = submission.pk
    assessment.updated_by = user
    assessment.save(update_fields=["state", "submitted_at", "submission_id", "updated_by", "updated_at"])
    return submission
