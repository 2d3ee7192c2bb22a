"""The nominations and dossiers API. Managers of the host's school only; the default permission
already answers 404 to members of other schools. The services' refusals become answers in
office.core.api.exception_handler (403 or 400, the reason in `detail`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.core.api import RefusalSerializer, allowed_by
from office.rules.vocabulary import Title
from plans.evidence.models import Evidence
from plans.evidence.selectors import own_upload
from plans.nominations import services as nomination_services
from plans.nominations.models import Dossier, Nomination, Objection, Posting
from plans.nominations.permissions import (
    OBJECT_REFUSAL,
    OVERRIDE_REFUSAL,
    PREPARE_REFUSAL,
    SUBMIT_REFUSAL,
    can_answer_objection,
    can_override_posting,
    can_prepare_nominations,
    can_read_posting,
    can_submit_dossier,
)
from plans.nominations.selectors import dossier_list, dossier_state, nomination_list, postings_for_staff
from plans.staff.models import Department, Staff

# Asked before a body is read, so that a teacher gets 403 rather than a 400 about what they sent.
PreparesNominations = allowed_by(can_prepare_nominations, PREPARE_REFUSAL)
SubmitsDossiers = allowed_by(can_submit_dossier, SUBMIT_REFUSAL)
ReadsPostings = allowed_by(can_read_posting, OBJECT_REFUSAL)
AnswersObjections = allowed_by(can_answer_objection, PREPARE_REFUSAL)
OverridesPosting = allowed_by(can_override_posting, OVERRIDE_REFUSAL)
REFUSALS = {400: RefusalSerializer, 403: RefusalSerializer}


class CheckResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="met: đạt; not_met: không đạt; unknown: chưa đủ thông tin")
    reason = serializers.CharField()
    article = serializers.CharField()
    route = serializers.BooleanField(
        default=False,
        help_text="true: một trong các trường hợp xét của hình thức; đạt khi đáp ứng một trong các trường hợp",
    )


class NominationSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(
        source="staff.full_name", read_only=True, default=None, allow_null=True
    )
    candidate_label = serializers.CharField(
        read_only=True, help_text="Người hoặc tập thể được đề nghị: họ tên, “Tổ …” hoặc “Tập thể trường”"
    )
    # Blank until the checker has run (a read-only field of a ModelSerializer loses the model's blank=True).
    verdict = serializers.ChoiceField(choices=Nomination.Verdict.choices, allow_blank=True, read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    check_report = CheckResultSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "school_year",
            "staff",
            "staff_name",
            "department",
            "candidate_label",
            "title",
            "title_label",
            "summary",
            "achievements",
            "initiative",
            "verdict",
            "check_report",
            "checked_at",
            "checked_on",
            "dossier",
        ]
        read_only_fields = ["department", "verdict", "check_report", "checked_at", "checked_on", "dossier"]


class NominationCreateSerializer(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text="Năm học, ví dụ 2025-2026")
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), allow_null=True, help_text="Bỏ trống: một tập thể (tổ hoặc trường)"
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="Tổ được đề nghị như một tập thể; bỏ trống cả hai: tập thể trường",
    )
    title = serializers.ChoiceField(choices=Title.choices)


class NominationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = NominationSerializer
    filterset_fields = ["school_year", "title", "verdict"]

    def get_permissions(self):
        return [*super().get_permissions(), PreparesNominations()]

    def get_queryset(self):
        return nomination_list()

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = NominationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nomination = nomination_services.create_nomination(
            **data.validated_data, user=request.user, school=request.school
        )
        nomination_services.run_check(nomination, school=request.school, user=request.user)
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: NominationSerializer, **REFUSALS},
        summary="Kiểm tra điều kiện theo quy định",
    )
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        nomination = nomination_services.run_check(
            self.get_object(), school=request.school, user=request.user
        )
        return Response(NominationSerializer(nomination).data)


class DossierVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    comments = serializers.ListField(child=serializers.DictField())


class DossierSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    nominations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "school_year",
            "subject",
            "recipient",
            "number",
            "submitted_on",
            "review_round",
            "nominations",
            "state",
            "versions",
        ]
        read_only_fields = ["number", "submitted_on"]

    def _state(self, dossier):
        cache = self.context.setdefault("_states", {})
        if dossier.pk not in cache:
            cache[dossier.pk] = dossier_state(dossier, self.context["request"].school)
        return cache[dossier.pk]

    def get_state(self, dossier) -> str:
        return self._state(dossier).status

    def get_versions(self, dossier) -> list[dict]:
        return DossierVersionSerializer(self._state(dossier).versions, many=True).data


class PostingPublishSerializer(serializers.Serializer):
    working_days = serializers.IntegerField(min_value=1, max_value=30)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PostingSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="dossier.subject", read_only=True)
    school_year = serializers.CharField(source="dossier.school_year", read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "dossier",
            "subject",
            "school_year",
            "starts_on",
            "working_days",
            "ends_on",
            "note",
            "entries",
        ]


class ObjectionSerializer(serializers.ModelSerializer):
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Objection
        fields = [
            "id",
            "posting",
            "nomination",
            "candidate_name",
            "title",
            "title_label",
            "reason",
            "evidence",
            "raised_by_name",
            "raised_on",
            "status",
            "status_label",
            "outcome",
            "answer",
            "answered_by_name",
            "answered_on",
        ]


class ObjectionCreateSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(help_text="Đề nghị (người) trong danh sách công khai")
    reason = serializers.CharField()
    evidence = serializers.IntegerField(
        required=False, allow_null=True, help_text="Tệp minh chứng đã tải lên"
    )


class AnswerSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    outcome = serializers.ChoiceField(
        choices=Objection.Outcome.choices, required=False, allow_blank=True, default=""
    )
    answer = serializers.CharField()


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DossierSerializer

    def get_permissions(self):
        permissions = [*super().get_permissions(), PreparesNominations()]
        if self.action == "submit":
            # Before the dossier is looked up, as the service's own check would come after it.
            permissions.append(SubmitsDossiers())
        if self.action == "override_posting":
            permissions.append(OverridesPosting())
        return permissions

    def get_queryset(self):
        return dossier_list().prefetch_related("nominations")

    @extend_schema(
        request=None,
        responses={200: DossierSerializer, **REFUSALS},
        summary="Ký và gửi hồ sơ lên cơ quan quản lý",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        dossier = self.get_object()
        nomination_services.submit_dossier(dossier, school=request.school, user=request.user)
        dossier.refresh_from_db()
        return Response(DossierSerializer(dossier, context={"request": request}).data)

    @extend_schema(
        request=PostingPublishSerializer,
        responses={201: PostingSerializer, **REFUSALS},
        summary="Công khai danh sách đề nghị của hồ sơ cho toàn thể cán bộ, giáo viên, nhân viên",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = PostingPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        posting = nomination_services.publish_posting(
            self.get_object(), **data.validated_data, user=request.user, school=request.school
        )
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=inline_serializer("PostingOverride", {"reason": serializers.CharField()}),
        responses={200: DossierSerializer, **REFUSALS},
        summary="Hiệu trưởng cho phép gửi hồ sơ trước khi hết thời gian công khai (có lý do)",
    )
    @action(detail=True, methods=["post"], url_path="override-posting")
    def override_posting(self, request, pk=None):
        dossier = self.get_object()
        nomination_services.override_posting_wait(
            dossier, reason=str(request.data.get("reason", "")), user=request.user, school=request.school
        )
        return Response(DossierSerializer(dossier, context={"request": request}).data)


class PostingViewSet(viewsets.ReadOnlyModelViewSet):
    """The posted lists, for every member of the school; a staff member objects about a candidate."""

    serializer_class = PostingSerializer

    def get_permissions(self):
        return [*super().get_permissions(), ReadsPostings()]

    def get_queryset(self):
        return postings_for_staff()

    @extend_schema(
        request=ObjectionCreateSerializer,
        responses={201: ObjectionSerializer, **REFUSALS},
        summary="Gửi ý kiến phản ánh về một người trong danh sách công khai",
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        posting = self.get_object()
        data = ObjectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nomination = get_object_or_404(Nomination, pk=data.validated_data["nomination"])
        evidence = None
        if data.validated_data.get("evidence"):
            try:
                evidence = own_upload(data.validated_data["evidence"], request.user)
            except Evidence.DoesNotExist as exc:
                raise Http404 from exc
        objection = nomination_services.raise_objection(
            posting,
            nomination,
            reason=data.validated_data["reason"],
            evidence=evidence,
            user=request.user,
            school=request.school,
        )
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Objections: the council sees them all, a staff member their own; the council answers each."""

    serializer_class = ObjectionSerializer

    def get_permissions(self):
        permissions = [*super().get_permissions(), ReadsPostings()]
        if self.action == "answer":
            permissions.append(AnswersObjections())
        return permissions

    def get_queryset(self):
        rows = Objection.objects.select_related("posting").order_by("-raised_at", "-pk")
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no school
            return rows
        if can_answer_objection(self.request.user, self.request.school):
            return rows
        return rows.filter(raised_by_id=self.request.user.pk)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: ObjectionSerializer, **REFUSALS},
        summary="Hội đồng trả lời ý kiến phản ánh (chấp nhận: rút tên hoặc điều chỉnh; không chấp nhận: nêu lý do)",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection = nomination_services.answer_objection(
            self.get_object(), **data.validated_data, user=request.user, school=request.school
        )
        return Response(ObjectionSerializer(objection).data)
