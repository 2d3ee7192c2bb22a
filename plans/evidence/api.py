"""Evidence uploads through the API: the same three steps as the page's script (start, post the file
straight to storage, complete), and a short-lived download address. Thin callers of
plans.evidence.services, whose refusals office.core.api.exception_handler answers (400 or 403, the
reason in `detail`)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from office.core.api import RefusalSerializer
from plans.evidence.models import Evidence
from plans.evidence.permissions import can_view_evidence
from plans.evidence.services import complete_upload, download_url, start_upload
from plans.privacy.services import log_evidence_read


class EvidenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "kind_label",
            "filename",
            "size",
            "content_type",
            "sha256",
            "status",
            "status_label",
            "rejection_reason",
            "created_at",
            "verified_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "size": {"help_text": "Dung lượng thật của tệp (byte), đo lại sau khi tải lên."},
            "sha256": {"help_text": "Mã băm SHA-256 của tệp, tính sau khi tải lên."},
        }


class EvidenceStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices, help_text="Tệp thuộc về việc gì.")
    filename = serializers.CharField(max_length=1000, help_text="Tên tệp trên máy người dùng.")
    content_type = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Kiểu tệp trình duyệt báo (MIME).",
    )
    size = serializers.IntegerField(min_value=0, help_text="Dung lượng tệp (byte).")


class PresignedPostSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Địa chỉ gửi tệp (POST multipart) thẳng tới kho lưu trữ.")
    fields = serializers.DictField(
        child=serializers.CharField(), help_text="Các trường phải gửi kèm, trước trường tệp `file`."
    )


class EvidenceStartedSerializer(EvidenceSerializer):
    upload = PresignedPostSerializer(read_only=True)

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "upload"]
        read_only_fields = fields


class DownloadSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Địa chỉ tải về, có hiệu lực trong vài phút.")


REFUSED = OpenApiResponse(
    response=RefusalSerializer, description="Tệp không được nhận; lý do bằng tiếng Việt trong `detail`."
)


# Comments, not docstrings: drf-spectacular would show a docstring to API users, who read Vietnamese.
@extend_schema_view(retrieve=extend_schema(summary="Thông tin một minh chứng"))
class EvidenceViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EvidenceSerializer

    def get_queryset(self):
        if self.action == "complete":
            # Only the person who started an upload confirms it.
            return Evidence.objects.filter(uploaded_by_id=self.request.user.pk)
        return Evidence.objects.all()

    def get_object(self):
        evidence = super().get_object()
        # A file the person may not see is not found (404), as if it did not exist.
        if self.action != "complete" and not can_view_evidence(
            evidence, self.request.user, self.request.school
        ):
            raise NotFound("Không tìm thấy minh chứng.")
        return evidence

    def retrieve(self, request, *args, **kwargs):
        evidence = self.get_object()
        log_evidence_read(request, evidence)
        return Response(self.get_serializer(evidence).data)

    @extend_schema(
        summary="Bắt đầu tải lên: kiểm tra tên, kiểu, dung lượng và nhận địa chỉ gửi tệp thẳng tới kho",
        description="Chỉ nhận PDF, JPEG, PNG, DOCX, XLSX trong giới hạn dung lượng. Gửi tệp bằng POST "
        "multipart tới `upload.url` với các trường `upload.fields` rồi trường `file`, sau đó gọi "
        "`complete`.",
        request=EvidenceStartSerializer,
        responses={201: EvidenceStartedSerializer, 400: REFUSED},
    )
    def create(self, request):
        serializer = EvidenceStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence, post = start_upload(
            school=request.school, user=request.user, request=request, **serializer.validated_data
        )
        data = {**EvidenceSerializer(evidence).data, "upload": {"url": post.url, "fields": post.fields}}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Xác nhận đã tải lên: máy chủ đo lại dung lượng, kiểu tệp thật và tính SHA-256",
        description="Tệp không khớp (sai kiểu, quá dung lượng) bị xoá khỏi kho và bị từ chối.",
        request=None,
        responses={200: EvidenceSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        evidence = complete_upload(self.get_object(), user=request.user, school=request.school)
        return Response(EvidenceSerializer(evidence).data)

    @extend_schema(
        summary="Địa chỉ tải về minh chứng (có hiệu lực ngắn)",
        responses={200: DownloadSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return Response({"url": download_url(self.get_object(), request)})
