"""The school's API. Every view runs in the schema of the school whose host was called, and the
default permission (office.accounts.permissions.IsMemberOfHost) admits only that school's members."""

import django_filters
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
from rest_framework.exceptions import APIException
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from office.accounts.selectors import can_sign_for_school, is_school_manager
from plans.models import (
    AwardRecord,
    Department,
    Notification,
    Plan,
    PlanComment,
    PlanSection,
    PlanTask,
    Staff,
    StaffStatusPeriod,
)
from plans.selectors.people import StaffFilter, award_list, linkable_accounts, staff_list
from plans.selectors.plan import plan_list, plan_snapshot, section_tree, walk_tree
from plans.services import people as people_services
from plans.services import plan as plan_services
from plans.services.people import StaffError
from plans.services.plan import PlanError
from plans.staff_excel import ExcelImportError, import_award_workbook, import_staff_workbook


class IsSchoolManagerOrReadOnly(BasePermission):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng được sửa danh sách này."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_school_manager(request.user, request.school)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "message", "link", "created_at", "read_at"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications in this school."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        return Notification.objects.filter(recipient_id=self.request.user.pk)


# --- Plans ------------------------------------------------------------------------------------------
# Thin callers of plans.services.plan (every write) and plans.selectors.plan (every read). A refused
# change (PlanError) answers 400 with the service's Vietnamese message; the service refuses before it
# writes anything, so a refused request changes nothing.


class PlanRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "plan_refused"
    default_detail = "Không thực hiện được thao tác trên kế hoạch."


class IsPlanManagerOrReadOnly(IsSchoolManagerOrReadOnly):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được sửa kế hoạch."


class CanIssuePlan(BasePermission):
    message = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ban hành kế hoạch."

    def has_permission(self, request, view):
        return can_sign_for_school(request.user, request.school)


class CanFollowUpTask(BasePermission):
    """Managers assign any task and set its state; the staff member a task is assigned to may set
    only its state."""

    message = "Chỉ Ban giám hiệu, thư ký Hội đồng TĐKT hoặc người phụ trách được cập nhật việc này."

    def has_object_permission(self, request, view, task):
        if is_school_manager(request.user, request.school):
            return True
        if task.owner_staff is None or task.owner_staff.user_id != request.user.pk:
            return False
        self.message = "Người phụ trách chỉ cập nhật được tình trạng công việc."
        return set(request.data) <= {"state"}


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Lý do từ chối, bằng tiếng Việt.")


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


class PlanTaskSerializer(serializers.ModelSerializer):
    owner_staff_name = serializers.CharField(
        source="owner_staff.full_name", read_only=True, default=None, help_text="Họ tên cán bộ phụ trách."
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
    def handle_exception(self, exc):
        if isinstance(exc, PlanError):
            exc = PlanRefused(str(exc))
        return super().handle_exception(exc)

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
        extra = [IsPlanManagerOrReadOnly()]
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
        description="Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng.",
        request=None,
        responses={200: PlanDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        plan = plan_services.issue_plan(self.get_object(), school=request.school, user=request.user)
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
        plan = plan_services.copy_plan_to_next_year(self.get_object(), user=request.user)
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
        return [*super().get_permissions(), IsPlanManagerOrReadOnly()]

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
        extra = [CanFollowUpTask()] if self.action == "assign" else [IsPlanManagerOrReadOnly()]
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


# --- Staff register, status periods, award history ---------------------------------------------------
# Thin callers of plans.services.people and plans.selectors.people. A refused change (StaffError)
# answers 400 with the service's Vietnamese message, and changes nothing; a refused Excel file
# answers 400 with the message and the list of bad cells.


class StaffRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "staff_refused"
    default_detail = "Không thực hiện được thao tác trên danh sách cán bộ."


class ImportRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Lý do từ chối tệp, bằng tiếng Việt. Không dòng nào được lưu.")
    errors = serializers.ListField(
        child=serializers.CharField(),
        help_text="Từng ô lỗi: “Dòng 7, cột “Ngày sinh”: không đọc được ngày “31/02/1990””.",
    )


class ImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Số dòng dữ liệu trong tệp.")
    created = serializers.IntegerField(help_text="Số bản ghi thêm mới.")
    updated = serializers.IntegerField(help_text="Số bản ghi đã có được cập nhật theo tệp.")
    unchanged = serializers.IntegerField(help_text="Số bản ghi đã có, không thay đổi.")
    departments_created = serializers.ListField(
        child=serializers.CharField(), help_text="Các tổ mới được tạo."
    )


class ExcelUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp .xlsx theo mẫu tải từ trang nhập.")


class StaffApiViewSet(viewsets.GenericViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, StaffError):
            exc = StaffRefused(str(exc))
        return super().handle_exception(exc)

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def import_response(self, importer) -> Response:
        upload = self.validated(ExcelUploadSerializer)["file"]
        try:
            result = importer(upload.read(), user=self.request.user)
        except ExcelImportError as exc:
            return Response(
                {"detail": exc.message, "errors": exc.lines()}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(result.as_dict())


STAFF_FIELD_HELP = {
    "full_name": "Họ và tên.",
    "gender": "Giới tính: nu (Nữ), nam (Nam).",
    "date_of_birth": "Ngày sinh.",
    "position": "Chức vụ.",
    "teaches": "Trực tiếp giảng dạy.",
    "joined_sector_on": "Ngày vào ngành.",
    "joined_school_on": "Ngày về trường.",
    "difficult_area_years": "Số năm công tác ở vùng đặc biệt khó khăn.",
    "years_in_study_or_military": "Số năm học tập, nghĩa vụ quân sự được tính vào thời gian công tác.",
    "status": "Trạng thái: working (đang công tác), maternity (nghỉ thai sản), left (đã nghỉ việc, chuyển công tác).",
}


class StaffSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="name", read_only=True, help_text="Tên tổ.")
    department_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="Mã tổ.")
    gender_label = serializers.CharField(source="get_gender_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    has_account = serializers.SerializerMethodField(help_text="Đã gắn tài khoản trên hệ thống.")

    class Meta:
        model = Staff
        fields = [
            "id",
            "full_name",
            "gender",
            "gender_label",
            "date_of_birth",
            "position",
            "department",
            "department_id",
            "teaches",
            "joined_sector_on",
            "joined_school_on",
            "difficult_area_years",
            "years_in_study_or_military",
            "status",
            "status_label",
            "has_account",
        ]
        read_only_fields = fields
        extra_kwargs = {name: {"help_text": text} for name, text in STAFF_FIELD_HELP.items()}

    def get_has_account(self, staff) -> bool:
        return staff.user_id is not None


class StaffWriteSerializer(serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mã tổ; trống: chưa xếp tổ.",
    )

    class Meta:
        model = Staff
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "position",
            "department",
            "teaches",
            "joined_sector_on",
            "joined_school_on",
            "difficult_area_years",
            "years_in_study_or_military",
            "status",
        ]
        extra_kwargs = {name: {"help_text": text} for name, text in STAFF_FIELD_HELP.items()}

    def validate(self, attrs):
        return attrs  # the service checks; the model's constraints are not run on a partial instance


class LinkAccountSerializer(serializers.Serializer):
    account = serializers.IntegerField(
        allow_null=True, help_text="Mã tài khoản của một người có vai trò trong trường; null để bỏ gắn."
    )


class MoveToDepartmentSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), help_text="Mã tổ chuyển đến."
    )


class MovedSerializer(serializers.Serializer):
    moved = serializers.IntegerField(help_text="Số người đã được chuyển tổ.")


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách cán bộ, giáo viên, nhân viên (lọc theo tổ, giảng dạy, giới tính, trạng thái, tên)"
    ),
    retrieve=extend_schema(summary="Một cán bộ"),
    destroy=extend_schema(
        summary="Xoá cán bộ (không xoá được người đã có lịch sử khen thưởng)",
        responses={204: None, 400: REFUSED},
    ),
)
class StaffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StaffApiViewSet):
    # Every member reads the register; the school's managers change it.
    serializer_class = StaffSerializer
    filterset_class = StaffFilter

    def get_permissions(self):
        return [*super().get_permissions(), IsSchoolManagerOrReadOnly()]

    def get_queryset(self):
        return staff_list()

    def staff_response(self, staff: Staff, status_code=status.HTTP_200_OK) -> Response:
        return Response(StaffSerializer(staff_list().get(pk=staff.pk)).data, status=status_code)

    def write_fields(self, partial: bool) -> dict:
        return dict(self.validated(StaffWriteSerializer, partial=partial))

    @extend_schema(
        summary="Thêm cán bộ", request=StaffWriteSerializer, responses={201: StaffSerializer, 400: REFUSED}
    )
    def create(self, request):
        staff = people_services.create_staff(user=request.user, **self.write_fields(partial=False))
        return self.staff_response(staff, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa thông tin cán bộ",
        request=StaffWriteSerializer,
        responses={200: StaffSerializer, 400: REFUSED},
    )
    def update(self, request, pk=None, partial=False):
        staff = self.get_object()
        people_services.update_staff(staff, user=request.user, **self.write_fields(partial=partial))
        return self.staff_response(staff)

    @extend_schema(
        summary="Sửa một phần thông tin cán bộ",
        request=StaffWriteSerializer,
        responses={200: StaffSerializer, 400: REFUSED},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    def destroy(self, request, pk=None):
        people_services.delete_staff(self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Gắn hoặc bỏ gắn tài khoản của cán bộ",
        request=LinkAccountSerializer,
        responses={200: StaffSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="link-account")
    def link_account(self, request, pk=None):
        staff = self.get_object()
        account_id = self.validated(LinkAccountSerializer)["account"]
        if account_id is None:
            people_services.unlink_account(staff, user=request.user)
        else:
            account = linkable_accounts(request.school).filter(pk=account_id).first()
            people_services.link_account(staff, account, school=request.school, user=request.user)
        return self.staff_response(staff)

    @extend_schema(
        summary="Chuyển TẤT CẢ cán bộ khớp bộ lọc (mọi trang) sang một tổ",
        description="Dùng cùng các tham số lọc như danh sách; không có tham số lọc nghĩa là toàn bộ cán bộ.",
        request=MoveToDepartmentSerializer,
        responses={200: MovedSerializer, 400: REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="move-to-department")
    def move_to_department(self, request):
        department = self.validated(MoveToDepartmentSerializer)["department"]
        staff = self.filter_queryset(self.get_queryset())
        return Response(
            {"moved": people_services.move_staff_to_department(staff, department, user=request.user)}
        )

    @extend_schema(
        summary="Nhập danh sách cán bộ từ tệp Excel theo mẫu (tất cả hoặc không dòng nào)",
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={200: ImportResultSerializer, 400: ImportRefusalSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_workbook(self, request):
        return self.import_response(import_staff_workbook)


STAFF_PK = OpenApiParameter("staff_pk", int, OpenApiParameter.PATH, description="Mã cán bộ.")


class StatusPeriodSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    discipline_level_label = serializers.CharField(source="get_discipline_level_display", read_only=True)

    class Meta:
        model = StaffStatusPeriod
        fields = [
            "id",
            "staff",
            "kind",
            "kind_label",
            "starts_on",
            "ends_on",
            "discipline_level",
            "discipline_level_label",
            "decision_number",
            "note",
        ]
        read_only_fields = ["id", "staff"]
        extra_kwargs = {
            "kind": {"help_text": "maternity (thai sản), discipline (kỷ luật), investigation, complaint."},
            "ends_on": {"help_text": "Trống: còn đang tiếp diễn."},
            "discipline_level": {"help_text": "Hình thức kỷ luật, chỉ với giai đoạn kỷ luật."},
        }

    def validate(self, attrs):
        return attrs  # the service checks


class CanSeeStatusPeriods(BasePermission):
    """Discipline and investigations are personal: the school's managers and the person see them."""

    message = "Chỉ Ban giám hiệu, thư ký Hội đồng TĐKT và chính cán bộ đó được xem các giai đoạn này."

    def has_permission(self, request, view):
        if is_school_manager(request.user, request.school):
            return True
        return request.method in SAFE_METHODS and view.staff.user_id == request.user.pk


@extend_schema(parameters=[STAFF_PK])
@extend_schema_view(
    list=extend_schema(summary="Các giai đoạn thai sản, kỷ luật, điều tra, khiếu nại của một cán bộ"),
    retrieve=extend_schema(summary="Một giai đoạn"),
    create=extend_schema(summary="Thêm giai đoạn", responses={201: StatusPeriodSerializer, 400: REFUSED}),
    update=extend_schema(summary="Sửa giai đoạn", responses={200: StatusPeriodSerializer, 400: REFUSED}),
    partial_update=extend_schema(
        summary="Sửa một phần giai đoạn", responses={200: StatusPeriodSerializer, 400: REFUSED}
    ),
    destroy=extend_schema(summary="Xoá giai đoạn"),
)
class StaffStatusPeriodViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    StaffApiViewSet,
):
    serializer_class = StatusPeriodSerializer
    pagination_class = None
    filter_backends = []

    @cached_property
    def staff(self) -> Staff:
        return get_object_or_404(Staff, pk=self.kwargs["staff_pk"])

    def get_permissions(self):
        return [*super().get_permissions(), CanSeeStatusPeriods()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StaffStatusPeriod.objects.none()
        return (
            StaffStatusPeriod.objects.filter(staff=self.staff)
            .select_related("staff")
            .order_by("-starts_on", "-pk")
        )

    def perform_create(self, serializer):
        serializer.instance = people_services.add_status_period(
            self.staff, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = people_services.update_status_period(
            serializer.instance, user=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        people_services.delete_status_period(instance, user=self.request.user)


class AwardRecordSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(
        source="staff.full_name",
        read_only=True,
        default=None,
        help_text="Họ tên; trống với khen thưởng tập thể.",
    )
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    is_collective = serializers.BooleanField(read_only=True, help_text="Khen thưởng tập thể trường.")
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mã cán bộ; trống (null) với khen thưởng tập thể trường.",
    )
    year = serializers.IntegerField(
        required=False, help_text="Năm kết thúc năm học (2023-2024 → 2024); ghi năm học hoặc năm."
    )
    school_year = serializers.CharField(
        required=False, allow_blank=True, help_text="Năm học, ví dụ 2023-2024."
    )
    initiative_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Mã các sáng kiến đã dùng cho khen thưởng này (mỗi sáng kiến chỉ dùng một lần).",
    )

    class Meta:
        model = AwardRecord
        fields = [
            "id",
            "staff",
            "staff_name",
            "is_collective",
            "year",
            "school_year",
            "title",
            "title_label",
            "decision_number",
            "decision_date",
            "issuer_name",
            "issuer_level",
            "note",
            "initiative_ids",
            "source",
            "source_label",
            "created_at",
        ]
        read_only_fields = ["id", "source", "created_at"]
        extra_kwargs = {
            "issuer_name": {"help_text": "Cơ quan, người ban hành đúng như ghi trên quyết định lúc đó."},
            "title": {"help_text": "Mã danh hiệu, hình thức (ldtt, cstdcs, ttldxs, giay_khen…)."},
        }
        # The service refuses a second annual title; DRF's own unique-together check would make
        # the year required even when the school year is given.
        validators = []

    def validate(self, attrs):
        return attrs  # the service checks


class AwardRecordFilter(django_filters.FilterSet):
    collective = django_filters.BooleanFilter(
        field_name="staff", lookup_expr="isnull", label="Chỉ khen thưởng tập thể (true) hoặc cá nhân (false)"
    )

    class Meta:
        model = AwardRecord
        fields = ["staff", "year", "title", "source", "collective"]


@extend_schema_view(
    list=extend_schema(
        summary="Lịch sử khen thưởng của trường và cán bộ (lọc theo cán bộ, năm, danh hiệu, nguồn)"
    ),
    retrieve=extend_schema(summary="Một khen thưởng"),
    create=extend_schema(
        summary="Ghi một khen thưởng (cá nhân hoặc tập thể)",
        responses={201: AwardRecordSerializer, 400: REFUSED},
    ),
    update=extend_schema(summary="Sửa khen thưởng", responses={200: AwardRecordSerializer, 400: REFUSED}),
    partial_update=extend_schema(
        summary="Sửa một phần khen thưởng", responses={200: AwardRecordSerializer, 400: REFUSED}
    ),
    destroy=extend_schema(summary="Xoá khen thưởng"),
)
class AwardRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    StaffApiViewSet,
):
    # Honours are public inside the school: every member reads them; the managers record them.
    serializer_class = AwardRecordSerializer
    filterset_class = AwardRecordFilter

    def get_permissions(self):
        return [*super().get_permissions(), IsSchoolManagerOrReadOnly()]

    def get_queryset(self):
        return award_list()

    def perform_create(self, serializer):
        serializer.instance = people_services.add_award(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = people_services.update_award(
            serializer.instance, user=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        people_services.delete_award(instance, user=self.request.user)

    @extend_schema(
        summary="Nhập lịch sử khen thưởng từ tệp Excel theo mẫu (tất cả hoặc không dòng nào)",
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={200: ImportResultSerializer, 400: ImportRefusalSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_workbook(self, request):
        return self.import_response(import_award_workbook)
