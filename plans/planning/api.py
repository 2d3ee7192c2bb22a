"""The plans API of a school. Every view runs in the schema of the school whose host was called, and
the default permission (office.accounts.permissions.IsMemberOfHost) admits only that school's members."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from office.core.api import RefusalSerializer, allowed_by
from plans.planning import services as plan_services
from plans.planning.models import Plan, PlanComment, PlanSection, PlanTask
from plans.planning.permissions import (
    FOLLOW_UP_REFUSAL,
    ISSUE_PLAN_REFUSAL,
    MANAGE_PLANS_REFUSAL,
    can_follow_up_task,
    can_issue_plan,
    can_manage_plans,
)
from plans.planning.selectors import plan_list, plan_snapshot, section_tree, walk_tree

# --- Plans ------------------------------------------------------------------------------------------
# Thin callers of plans.planning.services (every write) and plans.planning.selectors (every read). The
# services check who may act (plans.planning.permissions) and refuse before they write anything; the
# platform's exception handler (office.core.api) answers their refusals, 403 or 400, with the Vietnamese
# message. The permission classes below ask the same predicates before the body is read, so that a
# person without the right gets 403 rather than a 400 about what they sent.


class ManagesPlansOrReadOnly(allowed_by(can_manage_plans, MANAGE_PLANS_REFUSAL)):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)


CanIssuePlan = allowed_by(can_issue_plan, ISSUE_PLAN_REFUSAL)


class CanFollowUpTask(BasePermission):
    # Whether the person may follow the task up at all; what they may change (an owner only its
    # state) is the service's check.
    message = FOLLOW_UP_REFUSAL

    def has_object_permission(self, request, view, task):
        return can_follow_up_task(request.user, request.school, task)


REFUSED = OpenApiResponse(
    RefusalSerializer,
    description="Thao tác bị từ chối (ví dụ: kế hoạch đã ban hành nên không sửa được); không có gì thay đổi.",
)
PLAN_PK = OpenApiParameter("plan_pk", int, OpenApiParameter.PATH, description="Mã kế hoạch.")
SECTION_PK = OpenApiParameter("section_pk", int, OpenApiParameter.PATH, description="Mã mục của kế hoạch.")


class PlanSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, help_text="Trạng thái, bằng lời."
    )
    is_locked = serializers.BooleanField(
        read_only=True, help_text="Đã ban hành: nội dung chỉ thay đổi qua một bản sửa đổi."
    )
    section_count = serializers.IntegerField(read_only=True, help_text="Số mục trong nội dung.")
    task_count = serializers.IntegerField(read_only=True, help_text="Số công việc trong phụ lục tiến độ.")

    class Meta:
        model = Plan
        fields = [
            "id",
            "year",
            "doc_type",
            "number",
            "title",
            "parent_body",
            "issuing_body",
            "place",
            "issued_on",
            "signer_prefix",
            "signer_authority",
            "signer_title",
            "signer_name",
            "status",
            "status_label",
            "is_locked",
            "version",
            "previous_version",
            "section_count",
            "task_count",
            "created_at",
            "updated_at",
            "issued_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "number": {"help_text": "Số, ký hiệu văn bản, ví dụ 01/KH-THLQĐ; cấp khi ban hành nếu để trống."},
            "version": {"help_text": "Lần ban hành: 1, rồi tăng theo mỗi bản sửa đổi."},
            "previous_version": {"help_text": "Bản kế hoạch mà bản này sửa đổi."},
        }


class PlanDetailSerializer(PlanSerializer):
    content = serializers.SerializerMethodField(
        help_text="Toàn văn kế hoạch (căn cứ, các mục, chỉ tiêu, phụ lục, nơi nhận…), đúng như gửi lên cơ quan quản lý."
    )

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "content"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_content(self, plan) -> dict:
        return plan_snapshot(plan)


PLAN_FIELD_HELP = {
    "issuing_body": "Cơ quan ban hành, ví dụ TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN.",
    "title": "Trích yếu, ví dụ Công tác thi đua, khen thưởng năm 2025.",
    "year": "Năm của kế hoạch.",
    "parent_body": "Cơ quan chủ quản.",
    "number": "Số, ký hiệu; để trống thì cấp số khi ban hành.",
    "place": "Địa danh ghi cạnh ngày ban hành.",
    "issued_on": "Ngày ban hành.",
    "signer_prefix": "Quyền hạn ký: KT., TM., Q. …",
    "signer_authority": "Ký thay cho (ví dụ HIỆU TRƯỞNG).",
    "signer_title": "Chức vụ người ký.",
    "signer_name": "Họ và tên người ký.",
}
YEAR_RANGE = {"min_value": 2000, "max_value": 2100}


class PlanCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["issuing_body", "title", "year"]
        extra_kwargs = {
            name: {"help_text": PLAN_FIELD_HELP[name], **(YEAR_RANGE if name == "year" else {})}
            for name in fields
        }


class PlanHeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = list(plan_services.HEADER_FIELDS)
        extra_kwargs = {
            name: {"help_text": PLAN_FIELD_HELP[name], **(YEAR_RANGE if name == "year" else {})}
            for name in fields
        }


class PlanSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanSection
        fields = ["id", "parent", "position", "marker", "kind", "heading", "body"]
        read_only_fields = fields
        extra_kwargs = {
            "parent": {"help_text": "Mục cha; trống với mục cấp cao nhất (I., II., …)."},
            "position": {"help_text": "Thứ tự trong văn bản."},
            "marker": {"help_text": "Số thứ tự của mục: I., 1., 2.1., a)."},
            "body": {"help_text": "Các đoạn của mục, mỗi đoạn một dòng."},
        }


class PlanSectionCreateSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=PlanSection.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mục cha trong cùng kế hoạch; bỏ trống để thêm mục cấp cao nhất.",
    )

    class Meta:
        model = PlanSection
        fields = ["heading", "body", "parent"]
        extra_kwargs = {
            "heading": {"help_text": "Tiêu đề mục."},
            "body": {"help_text": "Nội dung, mỗi đoạn một dòng."},
        }


class PlanSectionUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanSection
        fields = ["heading", "body", "marker"]
        extra_kwargs = {
            "heading": {"help_text": "Tiêu đề mục."},
            "body": {"help_text": "Nội dung, mỗi đoạn một dòng."},
            "marker": {"help_text": "Số thứ tự của mục, nếu muốn ghi khác số tự động."},
        }


class PlanSectionMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=[("up", "Lên"), ("down", "Xuống")],
        help_text="Đổi chỗ mục (cùng các mục con) với mục liền trước (up) hoặc liền sau (down).",
    )


TASK_FIELD_HELP = {
    "year": {"help_text": "Năm của tháng thực hiện.", **YEAR_RANGE},
    "month": {"help_text": "Tháng thực hiện (1–12).", "min_value": 1, "max_value": 12},
    "text": {"help_text": "Nội dung công việc."},
    "owner_staff": {"help_text": "Cán bộ phụ trách (mã trong danh sách cán bộ của trường)."},
    "owner_role": {"help_text": "Vai trò phụ trách, khi không giao cho một người cụ thể."},
    "state": {"help_text": "Tình trạng: chưa làm, đang làm, đã xong."},
}


class PlanIssueSerializer(serializers.Serializer):
    confirm = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        default=list,
        help_text=(
            "Mã từng điểm khác biệt giữa kế hoạch và trường mà người ban hành xác nhận "
            "(issuing_body, number_agency, signer, year, title_year, issued_on); thiếu điểm nào thì không ban hành."
        ),
    )


class PlanTaskSerializer(serializers.ModelSerializer):
    owner_staff_name = serializers.CharField(
        source="owner_staff.full_name",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Họ tên cán bộ phụ trách.",
    )
    # Read-only fields of a ModelSerializer lose the model's blank=True; a task given to a person has none.
    owner_role = serializers.ChoiceField(
        choices=PlanTask._meta.get_field("owner_role").choices,
        allow_blank=True,
        read_only=True,
        help_text="Vai trò phụ trách, khi không giao cho một người cụ thể.",
    )
    owner_role_label = serializers.CharField(source="get_owner_role_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "position",
            "year",
            "month",
            "text",
            "owner_staff",
            "owner_staff_name",
            "owner_role",
            "owner_role_label",
            "state",
            "state_label",
        ]
        read_only_fields = fields
        extra_kwargs = TASK_FIELD_HELP


class PlanTaskCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTask
        fields = ["year", "month", "text", "owner_staff", "owner_role"]
        extra_kwargs = TASK_FIELD_HELP


class PlanTaskUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTask
        fields = ["year", "month", "text"]
        extra_kwargs = TASK_FIELD_HELP


class PlanTaskAssignSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTask
        fields = ["owner_staff", "owner_role", "state"]
        extra_kwargs = {name: {**TASK_FIELD_HELP[name], "required": False} for name in fields}


class PlanCommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(
        source="author.get_full_name", read_only=True, help_text="Họ tên người góp ý."
    )

    class Meta:
        model = PlanComment
        fields = ["id", "section", "author", "author_name", "text", "created_at"]
        read_only_fields = ["id", "section", "author", "created_at"]
        extra_kwargs = {"text": {"help_text": "Nội dung góp ý."}}


# Viewsets below carry comments, not docstrings: drf-spectacular would show a docstring to API users,
# who read Vietnamese; their descriptions are given in extend_schema.
class PlanApiViewSet(viewsets.GenericViewSet):
    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="Danh sách kế hoạch của trường (lọc theo năm, trạng thái)"),
    retrieve=extend_schema(summary="Một kế hoạch với toàn văn"),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlanApiViewSet):
    # Everyone in the school reads; the school's managers write; the principal or a vice principal issues.
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        return plan_list()

    def get_serializer_class(self):
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def get_permissions(self):
        extra = [ManagesPlansOrReadOnly()]
        if self.action == "issue":
            extra.append(CanIssuePlan())
        return [*super().get_permissions(), *extra]

    def plan_response(self, plan: Plan, status_code=status.HTTP_200_OK) -> Response:
        plan = plan_list().get(pk=plan.pk)
        return Response(self.get_serializer(plan).data, status=status_code)

    @extend_schema(
        summary="Tạo dự thảo kế hoạch trống",
        request=PlanCreateSerializer,
        responses={201: PlanDetailSerializer, 400: REFUSED},
    )
    def create(self, request):
        plan = plan_services.create_plan(**self.validated(PlanCreateSerializer), user=request.user)
        return self.plan_response(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa phần đầu kế hoạch (chỉ khi chưa ban hành)",
        request=PlanHeaderSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED},
    )
    def partial_update(self, request, pk=None):
        plan = self.get_object()
        plan_services.update_plan_header(
            plan, **self.validated(PlanHeaderSerializer, partial=True), user=request.user
        )
        return self.plan_response(plan)

    @extend_schema(
        summary="Đưa dự thảo ra lấy ý kiến cán bộ, giáo viên",
        request=None,
        responses={200: PlanDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="open-consultation")
    def open_consultation(self, request, pk=None):
        plan = plan_services.open_consultation(self.get_object(), school=request.school, user=request.user)
        return self.plan_response(plan)

    @extend_schema(
        summary="Ban hành kế hoạch: cấp số, khoá nội dung, gửi lên cơ quan quản lý",
        description=(
            "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng. Nếu tên trường, ký hiệu trong số, người ký hoặc năm của "
            "kế hoạch khác với thông tin của trường, phải xác nhận từng điểm trong `confirm`."
        ),
        request=PlanIssueSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        data = PlanIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plan_services.issue_plan(
            self.get_object(),
            school=request.school,
            user=request.user,
            confirm=data.validated_data["confirm"],
        )
        return self.plan_response(plan)

    @extend_schema(
        summary="Tạo bản sửa đổi (dự thảo phiên bản mới) của kế hoạch đã ban hành",
        request=None,
        responses={201: PlanDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        plan = plan_services.revise_plan(self.get_object(), user=request.user)
        return self.plan_response(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Tạo dự thảo kế hoạch năm sau từ kế hoạch này",
        request=None,
        responses={201: PlanDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="copy-to-next-year")
    def copy_to_next_year(self, request, pk=None):
        plan = plan_services.copy_plan_to_next_year(
            self.get_object(), user=request.user, school=request.school
        )
        return self.plan_response(plan, status.HTTP_201_CREATED)


class PlanContentViewSet(PlanApiViewSet):
    # Rows of one plan, under /plans/{plan_pk}/: a missing plan, and a row of another plan, answer 404.
    # A plan's rows are listed whole, in document order, without pagination.

    pagination_class = None
    filter_backends = []

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(Plan, pk=self.kwargs["plan_pk"])


@extend_schema(parameters=[PLAN_PK])
@extend_schema_view(
    list=extend_schema(summary="Các mục của kế hoạch, theo thứ tự trong văn bản"),
    retrieve=extend_schema(summary="Một mục của kế hoạch"),
    destroy=extend_schema(summary="Xoá mục (cùng các mục con)", responses={204: None, 400: REFUSED}),
)
class PlanSectionViewSet(mixins.RetrieveModelMixin, PlanContentViewSet):
    serializer_class = PlanSectionSerializer

    def get_permissions(self):
        return [*super().get_permissions(), ManagesPlansOrReadOnly()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanSection.objects.none()
        return PlanSection.objects.filter(plan_id=self.kwargs["plan_pk"]).select_related("plan")

    def list(self, request, plan_pk=None):
        sections = [section for _, section in walk_tree(section_tree(self.plan))]
        return Response(self.get_serializer(sections, many=True).data)

    @extend_schema(
        summary="Thêm mục (vào cuối, hoặc cuối các mục con của mục cha)",
        request=PlanSectionCreateSerializer,
        responses={201: PlanSectionSerializer, 400: REFUSED},
    )
    def create(self, request, plan_pk=None):
        section = plan_services.add_section(
            self.plan, **self.validated(PlanSectionCreateSerializer), user=request.user
        )
        return Response(self.get_serializer(section).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa tiêu đề, nội dung, số thứ tự của mục",
        request=PlanSectionUpdateSerializer,
        responses={200: PlanSectionSerializer, 400: REFUSED},
    )
    def update(self, request, plan_pk=None, pk=None, partial=False):
        section = self.get_object()
        data = self.validated(PlanSectionUpdateSerializer, partial=partial)
        section = plan_services.update_section(
            section,
            heading=data.get("heading", section.heading),
            body=data.get("body", section.body),
            marker=data.get("marker"),
            user=request.user,
        )
        return Response(self.get_serializer(section).data)

    @extend_schema(
        summary="Sửa một phần của mục",
        request=PlanSectionUpdateSerializer,
        responses={200: PlanSectionSerializer, 400: REFUSED},
    )
    def partial_update(self, request, plan_pk=None, pk=None):
        return self.update(request, plan_pk=plan_pk, pk=pk, partial=True)

    def destroy(self, request, plan_pk=None, pk=None):
        plan_services.delete_section(self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Chuyển mục lên hoặc xuống (cùng các mục con)",
        request=PlanSectionMoveSerializer,
        responses={200: PlanSectionSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, plan_pk=None, pk=None):
        section = self.get_object()
        direction = self.validated(PlanSectionMoveSerializer)["direction"]
        return Response(
            self.get_serializer(plan_services.move_section(section, direction, user=request.user)).data
        )


@extend_schema(parameters=[PLAN_PK])
@extend_schema_view(
    list=extend_schema(summary="Phụ lục tiến độ: các công việc theo tháng"),
    retrieve=extend_schema(summary="Một công việc của phụ lục"),
    destroy=extend_schema(summary="Xoá công việc", responses={204: None, 400: REFUSED}),
)
class PlanTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlanContentViewSet):
    serializer_class = PlanTaskSerializer

    def get_permissions(self):
        # Following a task up (who does it, how far it is) is allowed per task.
        extra = [CanFollowUpTask()] if self.action == "assign" else [ManagesPlansOrReadOnly()]
        return [*super().get_permissions(), *extra]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanTask.objects.none()
        return (
            PlanTask.objects.filter(plan=self.plan)
            .select_related("plan", "owner_staff")
            .order_by("year", "month", "position", "pk")
        )

    @extend_schema(
        summary="Thêm công việc vào phụ lục",
        request=PlanTaskCreateSerializer,
        responses={201: PlanTaskSerializer, 400: REFUSED},
    )
    def create(self, request, plan_pk=None):
        task = plan_services.add_task(
            self.plan, **self.validated(PlanTaskCreateSerializer), user=request.user
        )
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa tháng, năm, nội dung công việc",
        request=PlanTaskUpdateSerializer,
        responses={200: PlanTaskSerializer, 400: REFUSED},
    )
    def update(self, request, plan_pk=None, pk=None, partial=False):
        task = self.get_object()
        data = {
            "year": task.year,
            "month": task.month,
            "text": task.text,
            **self.validated(PlanTaskUpdateSerializer, partial=partial),
        }
        return Response(self.get_serializer(plan_services.update_task(task, **data, user=request.user)).data)

    @extend_schema(
        summary="Sửa một phần công việc",
        request=PlanTaskUpdateSerializer,
        responses={200: PlanTaskSerializer, 400: REFUSED},
    )
    def partial_update(self, request, plan_pk=None, pk=None):
        return self.update(request, plan_pk=plan_pk, pk=pk, partial=True)

    def destroy(self, request, plan_pk=None, pk=None):
        plan_services.delete_task(self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Giao việc, cập nhật tình trạng",
        description="Ban giám hiệu, thư ký Hội đồng đổi được mọi trường; người phụ trách công việc chỉ "
        "đổi được tình trạng (state). Vẫn làm được sau khi kế hoạch đã ban hành. Trường bỏ trống giữ "
        "nguyên giá trị cũ.",
        request=PlanTaskAssignSerializer,
        responses={200: PlanTaskSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, plan_pk=None, pk=None):
        task = self.get_object()
        data = {
            "owner_staff": task.owner_staff,
            "owner_role": task.owner_role,
            **self.validated(PlanTaskAssignSerializer),
        }
        return Response(self.get_serializer(plan_services.assign_task(task, **data, user=request.user)).data)


@extend_schema(parameters=[PLAN_PK, SECTION_PK])
@extend_schema_view(list=extend_schema(summary="Góp ý của cán bộ, giáo viên về một mục"))
class PlanCommentViewSet(mixins.ListModelMixin, PlanContentViewSet):
    # Every member of the school reads comments and, during consultation, writes them.

    serializer_class = PlanCommentSerializer

    @cached_property
    def section(self) -> PlanSection:
        return get_object_or_404(
            PlanSection.objects.select_related("plan"), pk=self.kwargs["section_pk"], plan=self.plan
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanComment.objects.none()
        return (
            PlanComment.objects.filter(section=self.section)
            .select_related("author")
            .order_by("created_at", "pk")
        )

    @extend_schema(
        summary="Góp ý về một mục (chỉ trong thời gian lấy ý kiến)",
        request=PlanCommentSerializer,
        responses={201: PlanCommentSerializer, 400: REFUSED},
    )
    def create(self, request, plan_pk=None, section_pk=None):
        text = self.validated(PlanCommentSerializer)["text"]
        comment = plan_services.add_comment(self.section, user=request.user, text=text)
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)
