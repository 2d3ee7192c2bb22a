"""The school's cluster API (school host, /api/v1/self-assessments/…): the rounds of its cluster, its own
draft and submission, cross-scoring, the covenant to sign, and the ranking once published. Thin callers
of plans.self_assessment.services and office.clusters selectors and services, whose refusals
office.core.api.exception_handler answers (403 or 400, the reason in `detail`); the cluster's "not
yours to reach" (ClusterNotFound) is the one error turned into a 404 here."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from office.clusters import selectors
from office.clusters.models import ClusterScore, ScoringRound
from office.clusters.services import ClusterNotFound, save_scores, sign_covenant
from office.core.api import RefusalSerializer, allowed_by
from plans.self_assessment import selectors as own_selectors
from plans.self_assessment.permissions import (
    COVENANT_REFUSAL,
    SELF_SCORE_REFUSAL,
    can_self_score,
    can_sign_covenant,
)
from plans.self_assessment.services import save_draft, submit_draft

# Asked before the round is looked up and the body read, so that a person without the right gets 403,
# never a 400 about what they sent.
ScoresTheSchool = allowed_by(can_self_score, SELF_SCORE_REFUSAL)
ACTION_PERMISSIONS = {
    "draft": ScoresTheSchool,
    "submit": ScoresTheSchool,
    "cross_scores": ScoresTheSchool,
    "sign_covenant": allowed_by(can_sign_covenant, COVENANT_REFUSAL),
}
REFUSALS = {400: RefusalSerializer, 403: RefusalSerializer}


class RoundListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cluster = serializers.CharField(source="cluster.name")
    school_year = serializers.CharField(source="cluster.school_year")
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    self_scoring_closes_on = serializers.DateField(allow_null=True)


class DraftItemSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Để trống khi chưa chấm."
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")
    evidence = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Mã các minh chứng đã tải lên.",
    )


class DraftSerializer(serializers.Serializer):
    items = DraftItemSerializer(many=True)


class CriterionLineSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    code = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.CharField()
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2)
    evidence_required = serializers.BooleanField()
    draft_points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    draft_note = serializers.CharField()
    draft_evidence = serializers.ListField(child=serializers.IntegerField())
    submitted_points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class RankingSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    school = serializers.CharField(source="seat.school.code")
    school_name = serializers.CharField(source="seat.school.name")
    final_total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    group_totals = serializers.DictField(child=serializers.CharField())
    proposal = serializers.CharField()
    proposal_label = serializers.CharField(source="get_proposal_display")


class RoundDetailSerializer(RoundListSerializer):
    state = serializers.CharField(help_text="draft (đang chấm), submitted (đã nộp) hoặc rỗng (chưa chấm).")
    submitted_at = serializers.DateTimeField(allow_null=True)
    self_total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    lines = CriterionLineSerializer(many=True)
    ranking = RankingSerializer(many=True)


class CrossScoresSerializer(serializers.Serializer):
    seat = serializers.IntegerField()
    scores = serializers.ListField(child=serializers.DictField(), help_text="[{criterion, points, note}]")


class CovenantSignSerializer(serializers.Serializer):
    school_year = serializers.CharField()


class SeatSignedSerializer(serializers.Serializer):
    cluster = serializers.CharField(source="cluster.name")
    school_year = serializers.CharField()
    covenant_signed_at = serializers.DateTimeField()


class SelfAssessmentViewSet(viewsets.GenericViewSet):
    """The rounds of the school's own cluster and its self-assessment in each."""

    serializer_class = RoundListSerializer
    queryset = ScoringRound.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScoringRound.objects.none()
        return selectors.rounds_for_school(self.request.school).order_by(
            "-cluster__school_year", "-created_at"
        )

    def _round(self) -> ScoringRound:
        try:
            return selectors.round_for_school(self.request.school, self.kwargs["pk"])
        except (ScoringRound.DoesNotExist, ValueError) as exc:
            raise NotFound("Không tìm thấy đợt chấm.") from exc

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.action in ACTION_PERMISSIONS:
            permissions.append(ACTION_PERMISSIONS[self.action]())
        return permissions

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RoundListSerializer(page, many=True).data)

    def _detail(self, scoring_round) -> dict:
        school = self.request.school
        assessment = own_selectors.assessment_of(scoring_round.pk)
        drafts = own_selectors.draft_scores(assessment)
        submitted = selectors.own_self_scores(school, scoring_round)
        result = selectors.own_result(school, scoring_round)
        lines = []
        for c in selectors.rubric_criteria(scoring_round.rubric):
            draft = drafts.get(c.pk)
            lines.append(
                {
                    "criterion": c.pk,
                    "code": c.code,
                    "text": c.text,
                    "kind": c.kind,
                    "max_points": c.max_points,
                    "evidence_required": c.evidence_required,
                    "draft_points": draft.points if draft else None,
                    "draft_note": draft.note if draft else "",
                    "draft_evidence": [e.pk for e in draft.evidence.all()] if draft else [],
                    "submitted_points": submitted[c.pk].points if c.pk in submitted else None,
                }
            )
        data = RoundListSerializer(scoring_round).data
        data.update(
            {
                "state": assessment.state if assessment else "",
                "submitted_at": result.submitted_at if result else None,
                "self_total": result.self_total if result else None,
                "lines": CriterionLineSerializer(lines, many=True).data,
                # The other schools' scores only once the office has published the ranking.
                "ranking": RankingSerializer(selectors.published_ranking(scoring_round), many=True).data,
            }
        )
        return data

    @extend_schema(responses=RoundDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(self._detail(self._round()))

    @extend_schema(request=DraftSerializer, responses={200: RoundDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["put"])
    def draft(self, request, pk=None):
        scoring_round = self._round()
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        current = own_selectors.draft_scores(own_selectors.assessment_of(scoring_round.pk))
        entries = {}
        for item in serializer.validated_data["items"]:
            wanted = set(item["evidence"])
            had = (
                {e.pk for e in current[item["criterion"]].evidence.all()}
                if item["criterion"] in current
                else set()
            )
            entries[item["criterion"]] = {
                "points": item["points"],
                "note": item["note"],
                "add_evidence": sorted(wanted - had),
                "remove_evidence": sorted(had - wanted),
            }
        save_draft(school=request.school, scoring_round=scoring_round, entries=entries, user=request.user)
        return Response(self._detail(scoring_round))

    @extend_schema(request=None, responses={200: RoundDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        scoring_round = self._round()
        submit_draft(school=request.school, scoring_round=scoring_round, user=request.user)
        return Response(self._detail(scoring_round))

    @extend_schema(request=CrossScoresSerializer, responses={200: RoundDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"], url_path="cross-scores")
    def cross_scores(self, request, pk=None):
        scoring_round = self._round()
        serializer = CrossScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            save_scores(
                stage=ClusterScore.Stage.CROSS,
                scoring_round=scoring_round,
                seat_id=serializer.validated_data["seat"],
                entries=serializer.validated_data["scores"],
                user=request.user,
                scorer_school=request.school,
            )
        except ClusterNotFound as exc:
            raise NotFound(str(exc)) from exc
        return Response(self._detail(scoring_round))

    @extend_schema(request=CovenantSignSerializer, responses={200: SeatSignedSerializer, **REFUSALS})
    @action(detail=False, methods=["post"], url_path="sign-covenant")
    def sign_covenant(self, request):
        serializer = CovenantSignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            seat = sign_covenant(
                school=request.school, school_year=serializer.validated_data["school_year"], user=request.user
            )
        except ClusterNotFound as exc:
            raise NotFound(str(exc)) from exc
        return Response(SeatSignedSerializer(seat).data)
