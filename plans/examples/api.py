"""Good examples through the API: the register each member of the school reads (confirmed examples, and
one's own proposals; the managers everything), proposing, attaching photos and documents uploaded
through /api/v1/evidence/, the principal's confirmation or return, and sending the year's confirmed
examples up. Thin callers of plans.examples.services, which check plans.examples.permissions; where a
body is read before the service runs, the same rule is asked first (403 before any 400). Refusals
become answers in office.core.api.exception_handler."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.core.api import RefusalSerializer
from office.core.errors import require
from plans.examples import permissions, services
from plans.examples.models import Example
from plans.examples.selectors import example_list_for
from plans.staff.models import Department, Staff

REFUSED = OpenApiResponse(
    RefusalSerializer,
    description="Thao tác bị từ chối; lý do bằng tiếng Việt trong `detail`. Không có gì thay đổi.",
)


class ExampleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Cá nhân, tổ, hoặc “Tập thể nhà trường”.")
    subject_label = serializers.CharField(source="get_subject_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    achievements = serializers.ListField(child=serializers.CharField(), read_only=True)
    movement_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    files = serializers.SerializerMethodField(help_text="Ảnh, tài liệu: mã minh chứng và mô tả.")

    class Meta:
        model = Example
        fields = [
            "id",
            "school_year",
            "subject",
            "subject_label",
            "staff",
            "department",
            "name",
            "title",
            "story",
            "achievements",
            "movement_ids",
            "status",
            "status_label",
            "return_note",
            "confirmed_at",
            "dossier",
            "files",
        ]
        read_only_fields = fields

    def get_files(self, example) -> list[dict]:
        return [{"evidence": link.evidence_id, "label": link.label} for link in example.evidence_links.all()]


class ExampleCreateSerializer(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text="Năm học, ví dụ 2025-2026.")
    subject = serializers.ChoiceField(
        choices=Example.Subject.choices, help_text="person, department hoặc school."
    )
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), required=False, allow_null=True, help_text="Mã cán bộ (khi là cá nhân)."
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mã tổ (khi là tập thể tổ).",
    )
    title = serializers.CharField(max_length=300, help_text="Danh hiệu, dòng giới thiệu.")
    story = serializers.CharField(max_length=20000, help_text="Câu chuyện, thành tích nổi bật.")
    achievements = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        default=list,
        help_text="Thành tích tiêu biểu.",
    )
    movement_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Mã các phong trào thi đua."
    )


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="Ý kiến: người đề xuất cần bổ sung gì.")


class AttachSerializer(serializers.Serializer):
    evidence = serializers.IntegerField(help_text="Mã minh chứng đã tải lên và xác nhận (loại example).")
    label = serializers.CharField(max_length=255, required=False, allow_blank=True, help_text="Mô tả.")


class SubmitSerializer(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text="Năm học, ví dụ 2025-2026.")


class SubmittedSerializer(serializers.Serializer):
    submission = serializers.IntegerField(source="pk")
    version = serializers.IntegerField()
    title = serializers.CharField()


# Comments, not docstrings: drf-spectacular would show a docstring to API users, who read Vietnamese.
@extend_schema_view(
    list=extend_schema(summary="Gương điển hình tiên tiến (lọc theo năm học, trạng thái)"),
    retrieve=extend_schema(summary="Một gương điển hình"),
)
class ExampleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExampleSerializer
    filterset_fields = ["school_year", "status", "subject"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Example.objects.none()
        return example_list_for(self.request.user, self.request.school).prefetch_related("evidence_links")

    def respond(self, example, status_code=status.HTTP_200_OK) -> Response:
        fresh = Example.objects.prefetch_related("evidence_links").select_related("staff", "department")
        return Response(self.get_serializer(fresh.get(pk=example.pk)).data, status=status_code)

    @extend_schema(
        summary="Đề xuất gương điển hình",
        description="Tổ trưởng đề xuất cán bộ của tổ mình hoặc tổ mình; Hiệu trưởng, Phó Hiệu trưởng bất kỳ ai.",
        request=ExampleCreateSerializer,
        responses={201: ExampleSerializer, 400: REFUSED, 403: REFUSED},
    )
    def create(self, request):
        require(permissions.can_propose(request.user, request.school), permissions.PROPOSE_REFUSAL)
        serializer = ExampleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        example = services.propose_example(
            school=request.school, user=request.user, **serializer.validated_data
        )
        return self.respond(example, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Hiệu trưởng xác nhận",
        request=None,
        responses={200: ExampleSerializer, 400: REFUSED, 403: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self.respond(
            services.confirm_example(self.get_object(), school=request.school, user=request.user)
        )

    @extend_schema(
        summary="Hiệu trưởng trả lại kèm ý kiến",
        request=ReturnSerializer,
        responses={200: ExampleSerializer, 400: REFUSED, 403: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_example(self, request, pk=None):
        example = self.get_object()
        require(permissions.can_confirm(request.user, request.school), permissions.CONFIRM_REFUSAL)
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data["note"]
        return self.respond(
            services.return_example(example, school=request.school, user=request.user, note=note)
        )

    @extend_schema(
        summary="Đính kèm ảnh, tài liệu (minh chứng đã tải lên)",
        request=AttachSerializer,
        responses={200: ExampleSerializer, 400: REFUSED, 403: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        example = self.get_object()
        require(permissions.can_edit(request.user, request.school, example), permissions.EDIT_REFUSAL)
        serializer = AttachSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.attach_evidence(
            example,
            evidence_id=serializer.validated_data["evidence"],
            label=serializer.validated_data.get("label", ""),
            school=request.school,
            user=request.user,
        )
        return self.respond(example)

    @extend_schema(
        summary="Gửi các gương điển hình đã xác nhận của năm học lên cơ quan quản lý",
        request=SubmitSerializer,
        responses={201: SubmittedSerializer, 400: REFUSED, 403: REFUSED},
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        require(permissions.can_send_up(request.user, request.school), permissions.SUBMIT_REFUSAL)
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = services.submit_examples(
            school=request.school, school_year=serializer.validated_data["school_year"], user=request.user
        )
        return Response(SubmittedSerializer(submission).data, status=status.HTTP_201_CREATED)
