"""Initiatives through the API: the list and detail every member of the school reads, registering and
editing for the author (or a manager), the reviewer's own reviews, and the council's decision.
Thin callers of plans.initiatives.services, which check the rules of plans.initiatives.permissions;
where a body is read before the service runs, the same rule is asked first (403 before any 400).
Refusals become answers in office.core.api.exception_handler."""

from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.accounts.models import SCHOOL_ROLES
from office.accounts.selectors import members_with_roles
from office.core.api import RefusalSerializer
from office.core.errors import require
from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.initiatives import permissions
from plans.initiatives import services as initiative_services
from plans.initiatives.models import Initiative, Review
from plans.initiatives.selectors import council_for, initiative_list, reviews_for_reviewer, staff_ids_of
from plans.initiatives.services import InitiativeError
from plans.staff.models import Staff
from plans.staff.selectors import staff_of_account

REFUSED = OpenApiResponse(
    RefusalSerializer,
    description="Thao tác bị từ chối; lý do bằng tiếng Việt trong `detail`. Không có gì thay đổi.",
)


class InitiativeSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(
        source="author.full_name", read_only=True, help_text="Họ tên tác giả."
    )
    author_department = serializers.CharField(
        source="author.department.name",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Tổ của tác giả.",
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    scope_label = serializers.CharField(source="get_scope_display", read_only=True)
    document_filename = serializers.CharField(
        source="document.filename", read_only=True, default=None, allow_null=True
    )
    # Blank until the council decides (a read-only field of a ModelSerializer loses the model's blank=True).
    scope = serializers.ChoiceField(choices=Scope.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "school_year",
            "title",
            "field",
            "summary",
            "author",
            "author_name",
            "author_department",
            "co_authors",
            "status",
            "status_label",
            "document",
            "document_filename",
            "average_points",
            "grade",
            "recognized",
            "scope",
            "scope_label",
            "decision_number",
            "decision_date",
            "used_for",
            "used_at",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "school_year": {"help_text": "Năm học, ví dụ 2025-2026."},
            "author": {"help_text": "Mã cán bộ của tác giả."},
            "co_authors": {"help_text": "Mã cán bộ của các đồng tác giả."},
            "document": {"help_text": "Mã minh chứng (tệp tài liệu sáng kiến)."},
            "average_points": {"help_text": "Điểm bình quân các phiếu chấm được tính, khi đã có kết quả."},
            "grade": {"help_text": "Xếp loại theo thang của năm học, khi đã có kết quả."},
            "used_for": {
                "help_text": "Danh hiệu hoặc hình thức khen thưởng đã dùng sáng kiến này (chỉ một)."
            },
        }


class InitiativeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, help_text="Tên sáng kiến.")
    field = serializers.CharField(
        max_length=120, required=False, allow_blank=True, help_text="Lĩnh vực / môn."
    )
    summary = serializers.CharField(required=False, allow_blank=True, help_text="Tóm tắt.")
    co_authors = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), many=True, required=False, help_text="Mã cán bộ của các đồng tác giả."
    )


class InitiativeCreateSerializer(InitiativeWriteSerializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text="Năm học, ví dụ 2025-2026.")
    author = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(),
        required=False,
        help_text="Mã cán bộ của tác giả; bỏ trống để đăng ký cho chính mình. Chỉ Ban giám hiệu đăng ký hộ.",
    )


class DocumentSerializer(serializers.Serializer):
    evidence = serializers.IntegerField(help_text="Mã minh chứng đã tải lên và xác nhận (loại initiative).")


class ReviewerSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField(help_text="Mã tài khoản của người chấm (thành viên của trường).")


class DecisionSerializer(serializers.Serializer):
    recognized = serializers.BooleanField(help_text="Sáng kiến được công nhận hay không.")
    scope = serializers.ChoiceField(
        choices=Scope.choices,
        required=False,
        allow_blank=True,
        help_text="Phạm vi ảnh hưởng, khi được công nhận.",
    )
    decision_number = serializers.CharField(max_length=64, help_text="Số quyết định, ví dụ 25/QĐ-THLQĐ.")
    decision_date = serializers.DateField(help_text="Ngày quyết định.")


# Comments, not docstrings: drf-spectacular would show a docstring to API users, who read Vietnamese.
@extend_schema_view(
    list=extend_schema(summary="Danh sách sáng kiến (lọc theo năm học, trạng thái, tác giả)"),
    retrieve=extend_schema(summary="Một sáng kiến"),
)
class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InitiativeSerializer
    filterset_fields = ["school_year", "status", "author"]

    def get_queryset(self):
        return initiative_list().select_related("document").prefetch_related("co_authors")

    def respond(self, initiative, status_code=status.HTTP_200_OK) -> Response:
        return Response(
            self.get_serializer(self.get_queryset().get(pk=initiative.pk)).data, status=status_code
        )

    @cached_property
    def staff_ids(self) -> set[int]:
        return staff_ids_of(self.request.user)

    def editable_object(self) -> Initiative:
        # Asked before the body is read: a person without the right hears that first.
        initiative = self.get_object()
        require(
            permissions.can_edit(self.request.user, self.request.school, initiative, self.staff_ids),
            permissions.EDIT_REFUSED,
        )
        return initiative

    @extend_schema(
        summary="Đăng ký đề tài sáng kiến",
        description="Cán bộ có tài khoản đăng ký cho chính mình; Ban giám hiệu đăng ký hộ bất kỳ ai.",
        request=InitiativeCreateSerializer,
        responses={201: InitiativeSerializer, 400: REFUSED},
    )
    def create(self, request):
        serializer = InitiativeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        own = staff_of_account(request.user)
        author = data.pop("author", None) or own
        if author is None:
            raise InitiativeError("Tài khoản của bạn chưa gắn với hồ sơ cán bộ; hãy ghi tác giả.")
        initiative = initiative_services.register_initiative(author=author, **data, user=request.user)
        return self.respond(initiative, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa tên, lĩnh vực, tóm tắt, đồng tác giả (trước khi chấm)",
        request=InitiativeWriteSerializer,
        responses={200: InitiativeSerializer, 400: REFUSED},
    )
    def partial_update(self, request, pk=None):
        initiative = self.editable_object()
        serializer = InitiativeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            "title": initiative.title,
            "field": initiative.field,
            "summary": initiative.summary,
            "co_authors": list(initiative.co_authors.all()),
            **serializer.validated_data,
        }
        return self.respond(initiative_services.update_initiative(initiative, **data, user=request.user))

    @extend_schema(
        summary="Gắn tài liệu sáng kiến (minh chứng đã tải lên)",
        request=DocumentSerializer,
        responses={200: InitiativeSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def document(self, request, pk=None):
        initiative = self.editable_object()
        serializer = DocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = Evidence.objects.filter(pk=serializer.validated_data["evidence"]).first()
        if evidence is None:
            raise InitiativeError("Không tìm thấy tệp tài liệu.")
        return self.respond(initiative_services.attach_document(initiative, evidence, user=request.user))

    @extend_schema(
        summary="Nộp sáng kiến cho hội đồng",
        request=None,
        responses={200: InitiativeSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.respond(initiative_services.submit_initiative(self.get_object(), user=request.user))

    @extend_schema(
        summary="Phân công người chấm",
        description="Ban giám hiệu, thư ký hoặc chủ tịch hội đồng sáng kiến. Không bao giờ là tác giả hay đồng "
        "tác giả; người chấm thứ ba chỉ khi hai phiếu lệch quá mức hội đồng cho phép.",
        request=ReviewerSerializer,
        responses={200: InitiativeSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def reviewers(self, request, pk=None):
        initiative = self.get_object()
        # Asked before the body is read (and again by the service).
        require(
            permissions.can_assign_reviewers(
                request.user, request.school, council_for(initiative.school_year)
            ),
            "Chỉ Ban giám hiệu, thư ký hoặc chủ tịch hội đồng được phân công chấm.",
        )
        serializer = ReviewerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewer = (
            members_with_roles(request.school, SCHOOL_ROLES)
            .filter(pk=serializer.validated_data["reviewer"])
            .first()
        )
        if reviewer is None:
            raise InitiativeError("Người chấm không thuộc trường.")
        initiative_services.assign_reviewer(initiative, reviewer, school=request.school, user=request.user)
        return self.respond(initiative)

    @extend_schema(
        summary="Ghi quyết định của hội đồng sáng kiến (xếp loại, công nhận, phạm vi, số và ngày quyết định)",
        description="Chủ tịch hội đồng hoặc Hiệu trưởng. Xếp loại tính từ điểm bình quân các phiếu được tính; "
        "sau quyết định, sáng kiến bị khoá.",
        request=DecisionSerializer,
        responses={200: InitiativeSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        initiative = self.get_object()
        # Asked before the body is read (and again by the service).
        require(
            permissions.can_decide(request.user, request.school, council_for(initiative.school_year)),
            permissions.DECIDE_REFUSED,
        )
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {"scope": "", **serializer.validated_data}
        return self.respond(initiative_services.decide_initiative(initiative, **data, user=request.user))


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion.pk", help_text="Mã tiêu chí.")
    criterion_name = serializers.CharField(source="criterion.name")
    max_points = serializers.DecimalField(source="criterion.max_points", max_digits=5, decimal_places=2)
    points = serializers.DecimalField(max_digits=5, decimal_places=2)


class ReviewSerializer(serializers.ModelSerializer):
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True, help_text="Điểm theo từng tiêu chí đã chấm.")

    class Meta:
        model = Review
        fields = [
            "id",
            "initiative",
            "initiative_title",
            "position",
            "status",
            "status_label",
            "total",
            "comment",
            "scores",
            "assigned_at",
            "submitted_at",
        ]
        read_only_fields = fields


class ReviewWriteSerializer(serializers.Serializer):
    points = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Điểm theo tiêu chí: {mã tiêu chí: điểm}. Mỗi điểm không quá điểm tối đa của tiêu chí.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, help_text="Nhận xét.")


@extend_schema_view(
    list=extend_schema(summary="Phiếu chấm của tôi"),
    retrieve=extend_schema(summary="Một phiếu chấm của tôi"),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # Only the caller's own reviews exist here: anyone else's answers 404.
    serializer_class = ReviewSerializer

    def get_queryset(self):
        return reviews_for_reviewer(self.request.user).prefetch_related("scores__criterion")

    def save(self, request, *, submit: bool) -> Response:
        review = self.get_object()
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        initiative_services.save_review(review, **serializer.validated_data, submit=submit, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(
        summary="Lưu nháp phiếu chấm",
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 400: REFUSED},
    )
    def partial_update(self, request, pk=None):
        return self.save(request, submit=False)

    @extend_schema(
        summary="Nộp phiếu chấm (phải chấm đủ mọi tiêu chí; không sửa được sau khi nộp)",
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.save(request, submit=True)
