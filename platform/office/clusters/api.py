"""The office's cluster API (office host, /api/v1/clusters/…): clusters, rubrics and rounds with the
same rules as the pages. Office staff manage; a cluster leader reads and reviews their own cluster;
another cluster answers 404. Thin callers of office.clusters services and selectors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from office.accounts.selectors import chosen_office, schools_under_offices_of
from office.clusters import selectors, services
from office.clusters.models import Cluster, ClusterResult, ClusterScore, Criterion, Rubric, ScoringRound
from office.clusters.permissions import (
    CLUSTER_REFUSED,
    ROUND_REFUSED,
    UNAPPROVE_REFUSED,
    can_manage_cluster,
    can_open_leader_review,
    can_organise_clusters,
    can_review_as_leader,
    can_see_round_scores,
    can_unapprove_result,
    managed_clusters,
    office_authority_ids,
    visible_clusters,
)
from office.clusters.services import ClusterNotFound
from office.core.collation import by_name
from office.core.errors import require


class MissingAnswers404:
    """A seat or criterion named in the body that is not in the round is not the caller's to reach:
    404 (the services say ClusterNotFound), like any object outside the caller's clusters. Every other
    refusal is the platform's exception handler's."""

    def handle_exception(self, exc):
        if isinstance(exc, ClusterNotFound):
            exc = NotFound(exc.message)
        return super().handle_exception(exc)


class OnOfficeHost(BasePermission):
    """Office staff and cluster leaders, on the office host; what each may see is the queryset's."""

    def has_permission(self, request, view):
        if getattr(request, "school", None) is not None:
            raise NotFound("Không tìm thấy.")
        return bool(request.user and request.user.is_authenticated)


def _chosen_office(user, chosen):
    office = chosen_office(user, chosen)
    if office is None:
        raise ValidationError({"authority": ["Hãy chọn một cơ quan đang hoạt động của bạn."]})
    return office


def _require_office(user) -> None:
    require(can_organise_clusters(user), "Chỉ cơ quan quản lý thực hiện được thao tác này.")


# --- serializers ------------------------------------------------------------------------------------


def _owner_field():
    """The office a new cluster or rubric (or a rubric's copy) belongs to, read by `_chosen_office`."""
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Mã số cơ quan sở hữu: một cơ quan đang hoạt động của bạn (bỏ trống: cơ quan đầu tiên theo tên).",
    )


class SeatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    school = serializers.CharField(source="school.code")
    school_name = serializers.CharField(source="school.name")
    covenant_signed_at = serializers.DateTimeField(allow_null=True)


class ClusterSerializer(serializers.ModelSerializer):
    leader = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    deputy = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    seats = SeatSerializer(many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = ["id", "school_year", "name", "leader", "deputy", "rubric", "cross_scoring", "seats"]
        read_only_fields = ["leader", "deputy", "seats"]


class ClusterCreateSerializer(serializers.Serializer):
    authority = _owner_field()
    school_year = serializers.CharField(help_text="Năm học, dạng 2025-2026.")
    name = serializers.CharField(max_length=255)
    rubric = serializers.IntegerField(required=False, allow_null=True)
    cross_scoring = serializers.BooleanField(default=False)


class LeaderSerializer(serializers.Serializer):
    leader = serializers.CharField(allow_blank=True, help_text="Mã trường cụm trưởng (để trống: bỏ).")
    deputy = serializers.CharField(allow_blank=True, required=False, default="")


class SchoolCodeSerializer(serializers.Serializer):
    school = serializers.CharField(help_text="Mã trường.")


class CovenantSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    text = serializers.CharField()
    sign_by = serializers.DateField(required=False, allow_null=True)


class CriterionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    kind = serializers.CharField(help_text="standard (tiêu chí), bonus (điểm thưởng), penalty (điểm trừ).")

    class Meta:
        model = Criterion
        fields = [
            "id",
            "position",
            "code",
            "text",
            "kind",
            "kind_label",
            "max_points",
            "evidence_required",
            "guidance",
        ]


class CriterionGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    criteria = CriterionSerializer(many=True)


class RubricSerializer(serializers.ModelSerializer):
    authority = _owner_field()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "authority", "school_year", "name", "state", "state_label"]


class RubricDetailSerializer(RubricSerializer):
    groups = serializers.SerializerMethodField()

    class Meta(RubricSerializer.Meta):
        fields = [*RubricSerializer.Meta.fields, "groups"]

    @extend_schema_field(CriterionGroupSerializer(many=True))
    def get_groups(self, rubric) -> list[dict]:
        return CriterionGroupSerializer(selectors.rubric_groups(rubric), many=True).data


class RubricCopySerializer(serializers.Serializer):
    authority = _owner_field()
    school_year = serializers.CharField()
    name = serializers.CharField(required=False, allow_blank=True, default="")


class GroupCreateSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, default="")
    name = serializers.CharField()


class CriterionCreateSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    code = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField()
    kind = serializers.CharField(default="standard")
    max_points = serializers.CharField(help_text="Điểm tối đa, ví dụ 10 hoặc 2,5.")
    evidence_required = serializers.BooleanField(default=False)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="seat.school.code", read_only=True)
    school_name = serializers.CharField(source="seat.school.name", read_only=True)
    proposal = serializers.CharField(read_only=True)
    proposal_label = serializers.CharField(source="get_proposal_display", read_only=True)

    class Meta:
        model = ClusterResult
        fields = [
            "seat",
            "school",
            "school_name",
            "submitted_at",
            "self_total",
            "leader_total",
            "final_total",
            "group_totals",
            "rank",
            "proposal",
            "proposal_label",
            "leader_approved_at",
            "office_approved_at",
            "edits_after_approval",
            "unapproved_at",
            "unapproval_reason",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    stage = serializers.CharField(read_only=True)
    scorer_school = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ClusterScore
        fields = ["seat", "criterion", "stage", "scorer_school", "points", "note", "evidence"]


class RoundSerializer(serializers.ModelSerializer):
    stage = serializers.CharField(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = ScoringRound
        fields = [
            "id",
            "cluster",
            "rubric",
            "name",
            "stage",
            "stage_label",
            "self_scoring_opens_on",
            "self_scoring_closes_on",
            "flag_places",
            "commendation_places",
            "published_at",
        ]
        read_only_fields = ["rubric", "published_at"]


class RoundDetailSerializer(RoundSerializer):
    every_school_submitted = serializers.BooleanField(read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "every_school_submitted", "results", "scores"]


class RoundCreateSerializer(serializers.Serializer):
    cluster = serializers.IntegerField()
    name = serializers.CharField(max_length=255)
    self_scoring_opens_on = serializers.DateField(required=False, allow_null=True)
    self_scoring_closes_on = serializers.DateField(required=False, allow_null=True)
    flag_places = serializers.IntegerField(min_value=0, default=1)
    commendation_places = serializers.IntegerField(min_value=0, default=1)


class ScoreEntrySerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.CharField(help_text="Điểm, từ 0 đến điểm tối đa của tiêu chí.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresSerializer(serializers.Serializer):
    seat = serializers.IntegerField(help_text="Mã chỗ ngồi (seat) của trường trong cụm.")
    scores = ScoreEntrySerializer(many=True)


class ApproveSerializer(serializers.Serializer):
    seats = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None
    )


class ClusterUnapproveSerializer(serializers.Serializer):
    seat = serializers.IntegerField()
    reason = serializers.CharField()


def _data(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- views ------------------------------------------------------------------------------------------

YEAR_PARAMETER = OpenApiParameter("school_year", str, description="Năm học, ví dụ 2025-2026.")


class ClusterViewSet(MissingAnswers404, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Clusters the caller manages (office) or leads (cluster leader)."""

    serializer_class = ClusterSerializer
    permission_classes = [OnOfficeHost]
    lookup_value_regex = r"\d+"
    filterset_fields = []

    def get_queryset(self):
        clusters = visible_clusters(self.request.user)
        year = self.request.query_params.get("school_year")
        if year:
            return selectors.cluster_list(clusters, year)
        return (
            clusters.select_related("leader", "deputy")
            .prefetch_related("seats__school")
            .order_by("-school_year", by_name(), "pk")
        )

    def _managed(self) -> Cluster:
        """Asked before the body is read: a leader gets 403, never a 400 about what they sent."""
        cluster = self.get_object()
        require(can_manage_cluster(self.request.user, cluster), CLUSTER_REFUSED)
        return cluster

    @extend_schema(parameters=[YEAR_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ClusterCreateSerializer, responses=ClusterSerializer)
    def create(self, request, *args, **kwargs):
        _require_office(request.user)
        data = _data(ClusterCreateSerializer, request)
        rubric = None
        if data.get("rubric"):
            rubric = Rubric.objects.filter(
                authority_id__in=office_authority_ids(request.user), pk=data["rubric"]
            ).first()
            if rubric is None:
                raise NotFound("Không tìm thấy bảng tiêu chí.")
        cluster = services.create_cluster(
            authority=_chosen_office(request.user, data.get("authority")),
            school_year=data["school_year"],
            name=data["name"],
            rubric=rubric,
            cross_scoring=data["cross_scoring"],
            user=request.user,
        )
        return Response(ClusterSerializer(cluster).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolCodeSerializer, responses=ClusterSerializer)
    @action(detail=True, methods=["post"])
    def seats(self, request, pk=None):
        cluster = self._managed()
        school = (
            schools_under_offices_of(request.user)
            .filter(code=_data(SchoolCodeSerializer, request)["school"])
            .first()
        )
        if school is None:
            raise NotFound("Không tìm thấy trường.")
        services.add_seat(cluster, school, user=request.user)
        return Response(ClusterSerializer(self.get_object()).data)

    @extend_schema(request=LeaderSerializer, responses=ClusterSerializer)
    @action(detail=True, methods=["post"])
    def leader(self, request, pk=None):
        cluster = self._managed()
        data = _data(LeaderSerializer, request)
        seats = {seat.school.code: seat.school for seat in selectors.seats_of(cluster)}
        for code in (data["leader"], data["deputy"]):
            if code and code not in seats:
                raise NotFound("Không tìm thấy trường trong cụm.")
        services.set_leader(
            cluster,
            leader=seats.get(data["leader"]),
            deputy=seats.get(data["deputy"]),
            user=request.user,
        )
        return Response(ClusterSerializer(self.get_object()).data)

    @extend_schema(request=CovenantSerializer, responses=CovenantSerializer)
    @action(detail=True, methods=["put"])
    def covenant(self, request, pk=None):
        cluster = self._managed()
        data = _data(CovenantSerializer, request)
        covenant = services.save_covenant(
            cluster,
            title=data["title"],
            text=data["text"],
            sign_by=data.get("sign_by"),
            user=request.user,
        )
        return Response(CovenantSerializer(covenant).data)


class RubricViewSet(MissingAnswers404, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The office's scoring rubrics: build while draft, publish, copy to another year."""

    permission_classes = [OnOfficeHost]

    queryset = Rubric.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rubric.objects.none()
        _require_office(self.request.user)
        return Rubric.objects.filter(authority_id__in=office_authority_ids(self.request.user)).order_by(
            "-school_year", "name"
        )

    def get_serializer_class(self):
        return RubricDetailSerializer if self.action == "retrieve" else RubricSerializer

    @extend_schema(request=RubricSerializer, responses=RubricSerializer)
    def create(self, request, *args, **kwargs):
        _require_office(request.user)
        serializer = RubricSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rubric = services.create_rubric(
            authority=_chosen_office(request.user, serializer.validated_data.get("authority")),
            school_year=serializer.validated_data["school_year"],
            name=serializer.validated_data["name"],
            user=request.user,
        )
        return Response(RubricSerializer(rubric).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GroupCreateSerializer, responses=RubricDetailSerializer)
    @action(detail=True, methods=["post"])
    def groups(self, request, pk=None):
        rubric = self.get_object()
        data = _data(GroupCreateSerializer, request)
        services.add_group(rubric, code=data["code"], name=data["name"], user=request.user)
        return Response(RubricDetailSerializer(rubric).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CriterionCreateSerializer, responses=RubricDetailSerializer)
    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        rubric = self.get_object()
        data = _data(CriterionCreateSerializer, request)
        group = rubric.groups.filter(pk=data.pop("group")).first()
        if group is None:
            raise NotFound("Không tìm thấy nhóm tiêu chí.")
        services.add_criterion(group, user=request.user, **data)
        return Response(RubricDetailSerializer(rubric).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RubricSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        rubric = services.publish_rubric(self.get_object(), user=request.user)
        return Response(RubricSerializer(rubric).data)

    @extend_schema(request=RubricCopySerializer, responses=RubricSerializer)
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        rubric = self.get_object()  # who may, before what they sent
        data = _data(RubricCopySerializer, request)
        rubric = services.copy_rubric(
            rubric,
            school_year=data["school_year"],
            name=data["name"],
            user=request.user,
            authority=_chosen_office(request.user, data.get("authority")),
        )
        return Response(RubricSerializer(rubric).data, status=status.HTTP_201_CREATED)


class RoundViewSet(MissingAnswers404, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Scoring rounds of the caller's clusters, their results and the review actions. The leader reads
    the schools' scores only once every school has submitted."""

    permission_classes = [OnOfficeHost]
    filterset_fields = ["cluster", "stage"]

    def get_queryset(self):
        return (
            selectors.rounds_in(visible_clusters(self.request.user))
            .select_related("cluster", "rubric")
            .order_by("-created_at")
        )

    def get_serializer_class(self):
        return RoundDetailSerializer if self.action == "retrieve" else RoundSerializer

    def retrieve(self, request, *args, **kwargs):
        scoring_round = self.get_object()
        submitted = selectors.every_school_submitted(scoring_round)
        show = can_see_round_scores(request.user, scoring_round)
        data = RoundSerializer(scoring_round).data
        data["every_school_submitted"] = submitted
        data["results"] = ResultSerializer(
            selectors.results_of(scoring_round) if show else [], many=True
        ).data
        scores = scoring_round.scores.select_related("scorer_school") if show else []
        data["scores"] = ScoreSerializer(scores, many=True).data
        return Response(data)

    @extend_schema(request=RoundCreateSerializer, responses=RoundSerializer)
    def create(self, request, *args, **kwargs):
        _require_office(request.user)  # who may, before what they sent
        data = _data(RoundCreateSerializer, request)
        cluster = managed_clusters(request.user).filter(pk=data["cluster"]).first()
        if cluster is None:
            raise NotFound("Không tìm thấy cụm thi đua.")
        scoring_round = services.create_round(
            cluster,
            name=data["name"],
            self_scoring_opens_on=data.get("self_scoring_opens_on"),
            self_scoring_closes_on=data.get("self_scoring_closes_on"),
            flag_places=data.get("flag_places", 1),
            commendation_places=data.get("commendation_places", 1),
            user=request.user,
        )
        return Response(RoundSerializer(scoring_round).data, status=status.HTTP_201_CREATED)

    def _round_as(self, allowed, message: str = ROUND_REFUSED) -> ScoringRound:
        """The round, once the predicate `allowed(user, cluster)` said yes: before the body is read, so
        a person without the right gets 403, never a 400 about what they sent."""
        scoring_round = self.get_object()
        require(allowed(self.request.user, scoring_round.cluster), message)
        return scoring_round

    def _answer(self, scoring_round):
        return Response(RoundSerializer(ScoringRound.objects.get(pk=scoring_round.pk)).data)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="open-review")
    def open_review(self, request, pk=None):
        scoring_round = self._round_as(can_open_leader_review)
        return self._answer(services.open_leader_review(scoring_round, user=request.user))

    def _scores(self, request, stage, scoring_round):
        data = _data(ScoresSerializer, request)
        services.save_scores(
            stage=stage,
            scoring_round=scoring_round,
            seat_id=data["seat"],
            entries=data["scores"],
            user=request.user,
        )
        return self._answer(scoring_round)

    @extend_schema(request=ScoresSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="leader-scores")
    def leader_scores(self, request, pk=None):
        return self._scores(request, ClusterScore.Stage.LEADER, self._round_as(can_review_as_leader))

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="leader-approve")
    def leader_approve(self, request, pk=None):
        scoring_round = self._round_as(can_review_as_leader)
        return self._answer(services.leader_approve(scoring_round, user=request.user))

    @extend_schema(request=ScoresSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="office-scores")
    def office_scores(self, request, pk=None):
        return self._scores(request, ClusterScore.Stage.OFFICE, self._round_as(can_manage_cluster))

    @extend_schema(request=ApproveSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="office-approve")
    def office_approve(self, request, pk=None):
        scoring_round = self._round_as(can_manage_cluster)
        seats = _data(ApproveSerializer, request).get("seats")
        services.office_approve(scoring_round, seat_ids=seats, user=request.user)
        return self._answer(scoring_round)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        scoring_round = self._round_as(can_manage_cluster)
        return self._answer(services.publish_round(scoring_round, user=request.user))

    @extend_schema(request=ClusterUnapproveSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def unapprove(self, request, pk=None):
        scoring_round = self._round_as(can_unapprove_result, UNAPPROVE_REFUSED)
        data = _data(ClusterUnapproveSerializer, request)
        result = scoring_round.results.filter(seat_id=data["seat"]).first()
        if result is None:
            raise NotFound("Không tìm thấy trường trong cụm.")
        services.unapprove_result(result, reason=data["reason"], user=request.user)
        return self._answer(scoring_round)
