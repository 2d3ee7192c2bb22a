"""The staff register, status periods and award history API of a school (on the school's host,
its members only: office.accounts.permissions.IsMemberOfHost)."""

import django_filters
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from office.core.api import RefusalSerializer, allowed_by
from office.core.uploads import megabytes
from plans.imports.models import ImportJob
from plans.imports.serializers import ImportJobSerializer
from plans.imports.services import start_import
from plans.privacy import services as privacy
from plans.staff import services as people_services
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from plans.staff.permissions import (
    MANAGE_STAFF_REFUSAL,
    PERSONAL_FIELDS,
    SEE_PERIODS_REFUSAL,
    can_manage_staff,
    can_see_personal_details,
    can_see_status_periods,
)
from plans.staff.selectors import StaffFilter, award_list, linkable_accounts, staff_list

# --- Staff register, status periods, award history ---------------------------------------------------
# Thin callers of plans.staff.services and plans.staff.selectors. The services check who may act
# (plans.staff.permissions) and refuse before writing; the platform's exception handler
# (office.core.api) answers a refusal with 403 or 400 and the Vietnamese message, a refused Excel file
# with the list of bad cells too. The permission classes ask the same predicates before the body is
# read, so that a person without the right gets 403 rather than a 400 about what they sent.


REFUSED = OpenApiResponse(RefusalSerializer, description="Thao tác bị từ chối; không có gì thay đổi.")


class ManagesStaffOrReadOnly(allowed_by(can_manage_staff, MANAGE_STAFF_REFUSAL)):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)


IMPORT_DESCRIPTION = (
    "Tệp được nhận rồi đọc ở chế độ nền: trả về 202 cùng lượt nhập (`url`, cũng ở tiêu đề Location). "
    "Hỏi lại `GET /api/v1/import-jobs/{id}/` đến khi `status` là `done` (kết quả ở `result`) hoặc `refused` "
    "(lý do ở `reason`, từng ô lỗi ở `errors`; không dòng nào được lưu)."
)


class ExcelUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Tệp .xlsx theo mẫu tải từ trang nhập, hoặc danh sách trường đang dùng (.xlsx, .csv UTF-8)."
    )

    def validate_file(self, upload):
        # By its declared size, before its bytes are read into memory.
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise serializers.ValidationError(
                f"Tệp nặng {megabytes(upload.size)}, vượt quá giới hạn {megabytes(settings.IMPORT_MAX_BYTES)}."
            )
        return upload


class StaffApiViewSet(viewsets.GenericViewSet):
    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def import_response(self, kind: str) -> Response:
        """202 and the import job's address: a worker reads the workbook (plans.imports), never this
        request; GET the job to follow it and read what was saved or every bad cell."""
        upload = self.validated(ExcelUploadSerializer)["file"]
        job = start_import(kind, filename=upload.name, data=upload.read(), user=self.request.user)
        data = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


STAFF_FIELD_HELP = {
    "full_name": "Họ và tên.",
    "gender": "Giới tính: nu (Nữ), nam (Nam).",
    "date_of_birth": "Ngày sinh.",
    "position": "Chức vụ.",
    "teaches": "Trực tiếp giảng dạy.",
    "joined_sector_on": "Ngày vào ngành.",
    "joined_school_on": "Ngày về trường.",
    "left_school_on": "Ngày bắt đầu không còn công tác tại trường (nghỉ việc, chuyển đi); trống: đang công tác. "
    "Bắt buộc khi đổi trạng thái thành left.",
    "difficult_area_years": "Số năm công tác ở vùng đặc biệt khó khăn.",
    "years_in_study_or_military": "Số năm học tập, nghĩa vụ quân sự được tính vào thời gian công tác.",
    "status": "Trạng thái: working (đang công tác), maternity (nghỉ thai sản), left (đã nghỉ việc, chuyển công tác).",
}


class StaffSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True, help_text="Tên tổ; trống khi chưa vào tổ nào."
    )
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
            "left_school_on",
            "difficult_area_years",
            "years_in_study_or_military",
            "status",
            "status_label",
            "has_account",
        ]
        # The personal fields are left out for whoever may not see them (to_representation), so the
        # schema must not call them required; a read-only field always is, hence they are not marked
        # read-only (this serializer only answers, StaffWriteSerializer takes what is written).
        read_only_fields = [name for name in fields if name not in PERSONAL_FIELDS]
        extra_kwargs = {
            name: {"help_text": text, **({"required": False} if name in PERSONAL_FIELDS else {})}
            for name, text in STAFF_FIELD_HELP.items()
        }

    def get_has_account(self, staff) -> bool:
        return staff.user_id is not None

    def to_representation(self, staff):
        # A colleague's personal details are left out (not emptied) for whoever may not see them;
        # the schema marks them optional.
        data = super().to_representation(staff)
        request = self.context.get("request")
        if request is None or not can_see_personal_details(request.user, request.school, staff):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


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
            "left_school_on",
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
        return [*super().get_permissions(), ManagesStaffOrReadOnly()]

    def get_queryset(self):
        return staff_list()

    def staff_response(self, staff: Staff, status_code=status.HTTP_200_OK) -> Response:
        serializer = StaffSerializer(staff_list().get(pk=staff.pk), context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if can_manage_staff(request.user, request.school):
            # The managers' list carries dates of birth: one entry for the page they were sent.
            page = getattr(self.paginator, "page", None)
            shown = list(page.object_list) if page is not None else []
            privacy.log_read(request, privacy.Kind.REGISTER, shown, label="Danh sách cán bộ qua API")
        return response

    def retrieve(self, request, *args, **kwargs):
        staff = self.get_object()
        privacy.log_record_read(request, staff, with_periods=False)
        return Response(self.get_serializer(staff).data)

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
        description=IMPORT_DESCRIPTION,
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={202: ImportJobSerializer, 400: REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_workbook(self, request):
        return self.import_response(ImportJob.Kind.STAFF)


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
    # The person reads their own periods; writing them is the managers' (ManagesStaffOrReadOnly).
    message = SEE_PERIODS_REFUSAL

    def has_permission(self, request, view):
        return can_see_status_periods(request.user, request.school, view.staff)


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
        return [*super().get_permissions(), CanSeeStatusPeriods(), ManagesStaffOrReadOnly()]

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        privacy.log_read(request, privacy.Kind.STATUS_PERIODS, [self.staff], label=self.staff.full_name)
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        privacy.log_read(request, privacy.Kind.STATUS_PERIODS, [self.staff], label=self.staff.full_name)
        return response

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
        allow_null=True,
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
        return [*super().get_permissions(), ManagesStaffOrReadOnly()]

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
        description=IMPORT_DESCRIPTION,
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={202: ImportJobSerializer, 400: REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_workbook(self, request):
        return self.import_response(ImportJob.Kind.AWARD)
