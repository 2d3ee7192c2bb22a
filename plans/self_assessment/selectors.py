"""Reads of the school's own self-assessment drafts, in its schema."""

from plans.self_assessment.models import SelfAssessment, SelfScore


def assessment_of(round_id: int) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(round_id=round_id).first()


def assessments_by_round(round_ids) -> dict[int, SelfAssessment]:
    return {a.round_id: a for a in SelfAssessment.objects.filter(round_id__in=list(round_ids))}


def draft_scores(assessment: SelfAssessment | None) -> dict[int, SelfScore]:
    """{criterion_id: SelfScore with its evidence}: two queries."""
    if assessment is None:
        return {}
    return {s.criterion_id: s for s in assessment.scores.prefetch_related("evidence")}
