"""The office's review API (/api/v1/submissions/): the inbox with its filters, one submission, and the
review actions, with the same permissions and services as the pages."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.accounts.permissions import IsMemberOfHost
from office.audit.models import PersonalDataRead
from office.authorities.models import Authority
from office.core.search import search_words
from office.submissions import selectors, services
from office.submissions.models import Submission
from office.submissions.recheck import dossier_recheck


class SubmissionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    school = serializers.SlugRelatedField(slug_field="code", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    forwarded_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    returned_before = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Submission
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "school",
            "school_name",
            "title",
            "year",
            "version",
            "submitted_at",
            "reviewed_at",
            "forwarded_to",
            "forwarded_at",
            "unapproved_count",
            "returned_before",
        ]
        read_only_fields = fields


class SubmissionDetailSerializer(SubmissionSerializer):
    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "payload",
            "review_comments",
            "checklist",
            "unapproval_reason",
            "unapproved_at",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.Serializer):
    document = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(allow_blank=True)


class ReturnSerializer(serializers.Serializer):
    comments = CommentSerializer(many=True)


class ForwardSerializer(serializers.Serializer):
    to = serializers.SlugField(
        required=False, allow_blank=True, help_text="Mã cơ quan cấp trên (bỏ trống: cấp trên trực tiếp)"
    )


class UnapproveSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ChecklistSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(), allow_empty=True)


class BatchSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=services.BATCH_ACTION_CHOICES)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Chỉ xem trước, không thay đổi"
    )
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    school = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.CharField(required=False, allow_blank=True, default="")
    returned_before = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, default="")


class RefusedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()


class BatchResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    changed = serializers.ListField(child=serializers.IntegerField())
    refused = RefusedSerializer(many=True)


class RecheckAnswerSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    reason = serializers.CharField()


class RecheckedRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    article = serializers.CharField()
    school = RecheckAnswerSerializer(allow_null=True, help_text="Kết quả trường đã gửi")
    office = RecheckAnswerSerializer(allow_null=True, help_text="Kết quả kiểm tra lại")
    differs = serializers.BooleanField()


class RecheckedNomineeSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(allow_null=True)
    full_name = serializers.CharField()
    title_label = serializers.CharField()
    school_verdict = serializers.CharField()
    verdict = serializers.CharField(help_text="met, not_met, unknown; trống: không kiểm tra lại được")
    differs = serializers.BooleanField()
    problem = serializers.CharField()
    rules = RecheckedRuleSerializer(many=True)


class RecheckSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="Ngày xét lưu trong hồ sơ, không phải hôm nay")
    as_of_label = serializers.CharField()
    authority = serializers.CharField()
    differences = serializers.IntegerField()
    nominees = RecheckedNomineeSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


FILTER_PARAMETERS = [
    OpenApiParameter(
        "kind", OpenApiTypes.STR, description="Loại: plan, registration, dossier, self_assessment"
    ),
    OpenApiParameter("status", OpenApiTypes.STR, description="Trạng thái (mặc định: trừ bản đã có bản mới)"),
    OpenApiParameter("year", OpenApiTypes.INT, description="Năm (năm học kết thúc với hồ sơ)"),
    OpenApiParameter("school", OpenApiTypes.STR, description="Mã trường"),
    OpenApiParameter("level", OpenApiTypes.STR, description="Cấp học"),
    OpenApiParameter("returned_before", OpenApiTypes.BOOL, description="Đã từng bị trả lại"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Tìm trong tiêu đề, tên trường"),
    OpenApiParameter("ordering", OpenApiTypes.STR, description="moi, cu, truong, tieu-de, trang-thai"),
]


def _filter(data) -> selectors.InboxFilter:
    kind, state = data.get("kind") or "", data.get("status") or ""
    try:
        year = int(data.get("year")) if data.get("year") not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    returned_before = data.get("returned_before")
    return selectors.InboxFilter(
        kind=kind if kind in Submission.Kind.values else "",
        status=state if state in Submission.Status.values else "",
        year=year,
        school=str(data.get("school") or "")[:63],
        level=str(data.get("level") or "")[:16],
        returned_before=returned_before in (True, "true", "1", "True"),
        q=search_words(data.get("q")),
        sort=str(data.get("ordering") or "moi"),
    )


class SubmissionViewSet(viewsets.ReadOnlyModelViewSet):
    """What the schools under the caller's offices sent up, and the office's review of it."""

    permission_classes = [IsMemberOfHost]
    filter_backends: list = []

    def get_serializer_class(self):
        return SubmissionDetailSerializer if self.action == "retrieve" else SubmissionSerializer

    def get_queryset(self):
        return selectors.inbox(self.request.user, _filter(self.request.query_params))

    def get_object(self):
        try:
            return selectors.submission_for_reviewer(self.request.user, self.kwargs["pk"])
        except (Submission.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        submission = self.get_object()
        if submission.kind == Submission.Kind.DOSSIER:
            services.record_dossier_reads(
                request.user,
                [(submission, None)],
                kind=PersonalDataRead.Kind.DOSSIER,
                route=request.get_full_path(),
            )
        return Response(self.get_serializer(submission).data)

    def _done(self, submission) -> Response:
        return Response(SubmissionDetailSerializer(self.get_object()).data)

    @extend_schema(
        request=ReturnSerializer, responses={200: SubmissionDetailSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.return_submission(submission, comments=data.validated_data["comments"], user=request.user)
        return self._done(submission)

    @extend_schema(request=None, responses={200: SubmissionDetailSerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        submission = self.get_object()
        services.accept_submission(submission, user=request.user)
        return self._done(submission)

    @extend_schema(
        request=ForwardSerializer, responses={200: SubmissionDetailSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        submission = self.get_object()
        data = ForwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        to = None
        if data.validated_data.get("to"):
            to = Authority.objects.filter(code=data.validated_data["to"]).first()
            if to is None:
                raise services.SubmissionReviewError("Chỉ trình được lên cơ quan cấp trên của cơ quan mình.")
        services.forward_submission(submission, user=request.user, to=to)
        return self._done(submission)

    @extend_schema(
        request=UnapproveSerializer, responses={200: SubmissionDetailSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def unapprove(self, request, pk=None):
        submission = self.get_object()
        data = UnapproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.unapprove_submission(submission, reason=data.validated_data["reason"], user=request.user)
        return self._done(submission)

    @extend_schema(
        request=ChecklistSerializer, responses={200: SubmissionDetailSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        submission = self.get_object()
        data = ChecklistSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.update_checklist(submission, ticked=data.validated_data["items"], user=request.user)
        return self._done(submission)

    @extend_schema(request=None, responses={200: RecheckSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["get"])
    def recheck(self, request, pk=None):
        """The checker again on a dossier's stored facts, as of the day stored in it ("Kiểm tra lại")."""
        submission = self.get_object()
        if submission.kind != Submission.Kind.DOSSIER:
            raise Http404
        return Response(RecheckSerializer(dossier_recheck(submission)).data)

    @extend_schema(request=BatchSerializer, responses={200: BatchResultSerializer, 400: ErrorSerializer})
    @action(detail=False, methods=["post"])
    def batch(self, request):
        """One action over every result of the filter given in the body (not one page)."""
        data = BatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        rows = list(selectors.inbox(request.user, _filter(params)))
        if params["dry_run"]:
            result = services.batch_preview(rows, params["action"], user=request.user)
        else:
            result = services.batch_review(
                rows, params["action"], user=request.user, comment=params["comment"]
            )
        return Response(
            {
                "total": len(rows),
                "changed": [s.pk for s in result.changed],
                "refused": [{"id": s.pk, "reason": reason} for s, reason in result.refused],
            }
        )
