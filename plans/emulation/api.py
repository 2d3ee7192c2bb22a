"""The API of the emulation year under /api/v1/: registration campaigns and registrations, staff
ratings, review rounds with their candidates, vote counts and secret ballots. Thin callers of
plans.emulation.services and .selectors. Who may act is plans.emulation.permissions: a write is
asked its rule before its body is read (403 for a person without the right, never a 400 about the
body) and the service asks again; a refused change answers 400 with the service's Vietnamese message
(office.core.api.exception_handler) and changes nothing. Non-members get 404 (the default
permission)."""

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
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from office.accounts.models import SCHOOL_ROLES, User
from office.accounts.selectors import members_with_roles
from office.core.api import OneObjectCollectionSchema, RefusalSerializer, allowed_by
from office.rules.vocabulary import Rating, Title
from plans.emulation import permissions, selectors
from plans.emulation import services as emulation
from plans.emulation.models import (
    BallotChoice,
    CouncilMember,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
)
from plans.emulation.services import EmulationError
from plans.staff.models import Staff
from plans.staff.selectors import staff_of_account

REFUSED = OpenApiResponse(RefusalSerializer, description="Thao tác bị từ chối; không có gì thay đổi.")
ROUND_PK = OpenApiParameter("round_pk", int, OpenApiParameter.PATH, description="Mã đợt bình xét.")


ManagesRegistration = allowed_by(permissions.can_manage_registration, permissions.MANAGERS_ONLY)
SeesRegistrations = allowed_by(permissions.can_manage_registration, permissions.MANAGERS_ONLY_TO_SEE)
ApprovesRegistrations = allowed_by(permissions.can_approve_registrations, permissions.SIGNERS_ONLY)
RatesStaff = allowed_by(permissions.can_rate_staff, permissions.MANAGERS_ONLY_TO_SEE)
RunsReview = allowed_by(permissions.can_run_review, permissions.MANAGERS_ONLY)


class EmulationViewSet(viewsets.GenericViewSet):
    # Viewsets carry comments, not docstrings: drf-spectacular would show a docstring to API users,
    # who read Vietnamese; their descriptions are given in extend_schema.
    # Reading is every member's; a write is asked `write_rule` unless `action_rules` names the rule
    # of its action (asked for reads too).
    action_rules: dict[str, type] = {}
    write_rule: type | None = None

    def get_permissions(self):
        rule = self.action_rules.get(self.action)
        if rule is None and getattr(self.request, "method", "GET") not in SAFE_METHODS:
            rule = self.write_rule
        return [*super().get_permissions(), *([rule()] if rule else [])]

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def title_field(choices, **kwargs):
    return serializers.ChoiceField(choices=[(t.value, Title(t).label) for t in choices], **kwargs)


# --- Registration -----------------------------------------------------------------------------------


class RegistrationCampaignSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RegistrationCampaign
        fields = [
            "id",
            "school_year",
            "opens_on",
            "deadline",
            "status",
            "status_label",
            "note",
            "submitted_at",
            "submitted_version",
        ]
        read_only_fields = ["id", "status", "status_label", "submitted_at", "submitted_version"]
        extra_kwargs = {
            "school_year": {"help_text": "Năm học, ví dụ 2025-2026."},
            "deadline": {"help_text": "Ngày cuối cùng cán bộ, giáo viên tự đăng ký được."},
            "submitted_version": {"help_text": "Lần gửi cơ quan quản lý gần nhất."},
        }


class RegistrationInviteSerializer(serializers.Serializer):
    department = serializers.IntegerField(
        required=False, allow_null=True, help_text="Mã tổ; bỏ trống để mời toàn trường."
    )


class RegistrationInviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Số người được mời đăng ký (chưa có phiếu trước đó).")


class RegistrationReopenSerializer(serializers.Serializer):
    deadline = serializers.DateField(help_text="Hạn đăng ký mới.")


class CollectiveRegistrationSerializer(serializers.Serializer):
    title = title_field(emulation.COLLECTIVE_TARGETS, help_text="Danh hiệu thi đua tập thể.")
    forms = serializers.ListField(
        child=title_field(emulation.COLLECTIVE_FORMS), required=False, help_text="Hình thức khen thưởng."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RegistrationOverviewRowSerializer(serializers.Serializer):
    staff = serializers.IntegerField(source="staff.pk")
    full_name = serializers.CharField(source="staff.full_name")
    department = serializers.CharField(source="staff.department.name", default="")
    registration = serializers.IntegerField(source="registration.pk", default=None, allow_null=True)
    title = serializers.CharField(source="registration.title", default="")
    status = serializers.CharField(source="registration.status", default="")
    state = serializers.CharField(help_text="registered, late, pending hoặc missing.")
    state_label = serializers.CharField()


class RegistrationOverviewSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Số người theo tình trạng.")
    title_counts = serializers.ListField(child=serializers.ListField(), help_text="[danh hiệu, số người].")
    rows = RegistrationOverviewRowSerializer(many=True)


def _department(request) -> int | None:
    value = request.query_params.get("department", "")
    return int(value) if value.isdigit() else None


@extend_schema_view(
    list=extend_schema(summary="Các đợt đăng ký thi đua của trường"),
    retrieve=extend_schema(summary="Một đợt đăng ký thi đua"),
)
class RegistrationCampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EmulationViewSet):
    serializer_class = RegistrationCampaignSerializer
    write_rule = ManagesRegistration
    action_rules = {"overview": SeesRegistrations, "submit": ApprovesRegistrations}

    def get_queryset(self):
        return RegistrationCampaign.objects.order_by("-school_year")

    @extend_schema(
        summary="Mở đăng ký thi đua một năm học",
        responses={201: RegistrationCampaignSerializer, 400: REFUSED},
    )
    def create(self, request):
        data = self.validated(RegistrationCampaignSerializer)
        campaign = emulation.open_campaign(**data, user=request.user)
        return Response(RegistrationCampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mở đăng ký cho mọi cán bộ của bộ lọc (toàn trường hoặc một tổ) và gửi thông báo",
        request=RegistrationInviteSerializer,
        responses={200: RegistrationInviteResultSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        department = self.validated(RegistrationInviteSerializer).get("department")
        invited = emulation.open_registration_for_staff(
            self.get_object(), selectors.staff_in_filter(department), user=request.user
        )
        return Response({"invited": invited})

    @extend_schema(
        summary="Tổng quan: đã đăng ký, đăng ký muộn, chưa đăng ký, quá hạn; theo tổ",
        parameters=[
            OpenApiParameter("department", int, description="Mã tổ."),
            OpenApiParameter("state", str, description="registered, late, pending hoặc missing."),
        ],
        responses={200: RegistrationOverviewSerializer},
    )
    @action(detail=True, methods=["get"])
    def overview(self, request, pk=None):
        state = request.query_params.get("state") or None
        overview = selectors.campaign_overview(
            self.get_object(),
            department_id=_department(request),
            state=state if state in selectors.STATE_LABELS else None,
        )
        return Response(RegistrationOverviewSerializer(overview).data)

    @extend_schema(
        summary="Khoá đăng ký", request=None, responses={200: RegistrationCampaignSerializer, 400: REFUSED}
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(
            RegistrationCampaignSerializer(
                emulation.close_campaign(self.get_object(), user=request.user)
            ).data
        )

    @extend_schema(
        summary="Mở lại đăng ký với hạn mới",
        request=RegistrationReopenSerializer,
        responses={200: RegistrationCampaignSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        deadline = self.validated(RegistrationReopenSerializer)["deadline"]
        campaign = emulation.reopen_campaign(self.get_object(), deadline=deadline, user=request.user)
        return Response(RegistrationCampaignSerializer(campaign).data)

    @extend_schema(
        summary="Đăng ký danh hiệu của tập thể nhà trường",
        request=CollectiveRegistrationSerializer,
        responses={200: CollectiveRegistrationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def collective(self, request, pk=None):
        data = self.validated(CollectiveRegistrationSerializer)
        collective = emulation.register_collective(self.get_object(), **data, user=request.user)
        return Response({"title": collective.title, "forms": collective.forms, "note": collective.note})

    @extend_schema(
        summary="Gửi danh sách đăng ký đã duyệt lên cơ quan quản lý (lần sau là phiên bản mới)",
        description="Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng.",
        request=None,
        responses={200: RegistrationCampaignSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        campaign = self.get_object()
        emulation.submit_registrations(campaign, school=request.school, user=request.user)
        campaign.refresh_from_db()
        return Response(RegistrationCampaignSerializer(campaign).data)


class RegistrationSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    department = serializers.CharField(source="staff.department.name", read_only=True, default="")
    # Blank while the person has not registered (a read-only field of a ModelSerializer loses blank=True).
    title = serializers.ChoiceField(choices=Title.choices, allow_blank=True, read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "campaign",
            "staff",
            "staff_name",
            "department",
            "title",
            "title_label",
            "forms",
            "note",
            "status",
            "status_label",
            "registered_at",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=RegistrationCampaign.objects.all(), help_text="Đợt đăng ký."
    )
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(),
        required=False,
        allow_null=True,
        help_text="Cán bộ; bỏ trống để đăng ký cho chính mình. Chỉ Ban giám hiệu đăng ký thay được.",
    )
    title = title_field(emulation.INDIVIDUAL_TARGETS, help_text="Danh hiệu thi đua đăng ký.")
    forms = serializers.ListField(
        child=title_field(emulation.INDIVIDUAL_FORMS), required=False, help_text="Hình thức khen thưởng."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RegistrationReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Ý kiến (bắt buộc khi trả lại)."
    )


@extend_schema_view(
    list=extend_schema(
        summary="Đăng ký thi đua: của chính mình, hoặc của mọi người với Ban giám hiệu",
        parameters=[OpenApiParameter("department", int, description="Mã tổ.")],
    ),
    retrieve=extend_schema(summary="Một đăng ký thi đua"),
)
class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EmulationViewSet):
    serializer_class = RegistrationSerializer
    filterset_fields = ["campaign", "status", "title"]
    # Anyone registers (the service keeps a person to their own registration unless they manage it).
    action_rules = {"approve": ApprovesRegistrations, "return_": ApprovesRegistrations}

    @property
    def manager(self) -> bool:
        return permissions.can_manage_registration(self.request.user, self.request.school)

    def get_queryset(self):
        registrations = Registration.objects.select_related("staff", "staff__department").order_by(
            "staff__full_name", "pk"
        )
        if getattr(self, "swagger_fake_view", False):
            return registrations.none()
        if not self.manager:
            return registrations.filter(staff__user_id=self.request.user.pk)
        if (department := _department(self.request)) is not None:
            registrations = registrations.filter(staff__department_id=department)
        return registrations

    @extend_schema(
        summary="Đăng ký (hoặc sửa) danh hiệu thi đua",
        description="Cán bộ tự đăng ký đến hết hạn; sau hạn chỉ Ban giám hiệu sửa được (ghi nhật ký).",
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer, 400: REFUSED},
    )
    def create(self, request):
        data = self.validated(RegistrationCreateSerializer)
        staff = data.get("staff") or staff_of_account(request.user)
        if staff is None:
            raise EmulationError("Tài khoản chưa được gắn với hồ sơ cán bộ của trường.")
        registration = emulation.register(
            data["campaign"],
            staff,
            title=data["title"],
            forms=data.get("forms", []),
            note=data["note"],
            user=request.user,
            as_manager=self.manager,
        )
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Duyệt đăng ký",
        request=RegistrationReviewNoteSerializer,
        responses={200: RegistrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        note = self.validated(RegistrationReviewNoteSerializer)["note"]
        registration = emulation.review_registration(
            self.get_object(), approve=True, note=note, user=request.user
        )
        return Response(self.get_serializer(registration).data)

    @extend_schema(
        summary="Trả lại đăng ký, kèm lý do",
        request=RegistrationReviewNoteSerializer,
        responses={200: RegistrationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        note = self.validated(RegistrationReviewNoteSerializer)["note"]
        registration = emulation.review_registration(
            self.get_object(), approve=False, note=note, user=request.user
        )
        return Response(self.get_serializer(registration).data)


# --- Ratings ----------------------------------------------------------------------------------------


class StaffRatingSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)

    class Meta:
        model = StaffRating
        fields = ["id", "staff", "staff_name", "school_year", "rating", "rating_label", "note", "rated_at"]
        read_only_fields = fields


class StaffRatingEntrySerializer(serializers.Serializer):
    staff = serializers.IntegerField(help_text="Mã cán bộ.")
    rating = serializers.ChoiceField(
        choices=[("", "Xoá xếp loại"), *Rating.choices], allow_blank=True, help_text="Xếp loại; rỗng để xoá."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StaffRatingBatchSerializer(serializers.Serializer):
    school_year = serializers.CharField(help_text="Năm học, ví dụ 2025-2026.")
    ratings = StaffRatingEntrySerializer(many=True)


class StaffRatingBatchResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="Số xếp loại đã thay đổi.")


@extend_schema_view(list=extend_schema(summary="Đánh giá, xếp loại viên chức (lọc theo năm học, cán bộ)"))
class StaffRatingViewSet(mixins.ListModelMixin, EmulationViewSet):
    # Managers see everyone's ratings; a staff member sees their own.
    serializer_class = StaffRatingSerializer
    filterset_fields = ["school_year", "staff", "rating"]
    action_rules = {"batch": RatesStaff}

    def get_queryset(self):
        ratings = StaffRating.objects.select_related("staff").order_by(
            "-school_year", "staff__full_name", "pk"
        )
        if getattr(self, "swagger_fake_view", False):
            return ratings.none()
        if permissions.can_rate_staff(self.request.user, self.request.school):
            return ratings
        return ratings.filter(staff__user_id=self.request.user.pk)

    @extend_schema(
        summary="Nhập xếp loại của nhiều người một lần",
        request=StaffRatingBatchSerializer,
        responses={200: StaffRatingBatchResultSerializer, 400: REFUSED},
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        data = self.validated(StaffRatingBatchSerializer)
        changed = emulation.set_ratings(
            school_year=data["school_year"],
            ratings={row["staff"]: row["rating"] for row in data["ratings"]},
            notes={row["staff"]: row["note"] for row in data["ratings"]},
            user=request.user,
        )
        return Response({"changed": changed})


# --- Review rounds ----------------------------------------------------------------------------------


class ReviewCouncilMemberSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["user", "role", "role_label", "full_name", "position"]
        read_only_fields = fields


class ReviewRoundSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    council = ReviewCouncilMemberSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "school_year",
            "name",
            "method",
            "method_label",
            "status",
            "status_label",
            "min_approval_share",
            "quorum",
            "meeting_at",
            "meeting_place",
            "locality",
            "content",
            "minutes_number",
            "council",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = ["id", "status", "status_label", "method_label", "minutes_number", "closed_at"]
        extra_kwargs = {
            "school_year": {"help_text": "Năm học, ví dụ 2025-2026."},
            "name": {"required": False},
            "min_approval_share": {
                "help_text": "Tỷ lệ phiếu đồng ý tối thiểu để đạt (0,01–1); mặc định 0,5."
            },
            "quorum": {"help_text": "Số người biểu quyết tối thiểu; 0 là không đặt."},
        }


class ReviewRoundUpdateSerializer(ReviewRoundSerializer):
    class Meta(ReviewRoundSerializer.Meta):
        read_only_fields = [*ReviewRoundSerializer.Meta.read_only_fields, "school_year", "method"]


@extend_schema_field(OpenApiTypes.INT)
class SchoolMemberField(serializers.PrimaryKeyRelatedField):
    """An account holding a role in the school of the host: anyone else is "not found", so the
    names of other schools' people cannot be fished out through the council."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None or getattr(request, "school", None) is None:
            return User.objects.none()
        return members_with_roles(request.school, SCHOOL_ROLES)


class ReviewCouncilEntrySerializer(serializers.Serializer):
    user = SchoolMemberField(help_text="Mã tài khoản của một thành viên nhà trường.")
    role = serializers.ChoiceField(choices=CouncilMember.Role.choices)


class ReviewCouncilSerializer(serializers.Serializer):
    members = ReviewCouncilEntrySerializer(many=True)


class ReviewImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()


class ReviewCandidateResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="candidate.pk")
    staff = serializers.IntegerField(
        source="candidate.staff_id", allow_null=True, help_text="Trống: tập thể."
    )
    name = serializers.CharField(source="candidate.display_name")
    title = serializers.CharField(source="candidate.title")
    title_label = serializers.CharField(source="candidate.get_title_display")
    agree = serializers.IntegerField(
        allow_null=True, help_text="Trống khi kết quả bỏ phiếu kín chưa công bố."
    )
    disagree = serializers.IntegerField(allow_null=True)
    abstain = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(allow_null=True, help_text="Số người biểu quyết (số phiếu đã bỏ).")
    share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)


@extend_schema_view(
    list=extend_schema(summary="Các đợt bình xét thi đua"),
    retrieve=extend_schema(summary="Một đợt bình xét, với Hội đồng"),
)
class ReviewRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EmulationViewSet):
    serializer_class = ReviewRoundSerializer
    filterset_fields = ["school_year", "status"]
    write_rule = RunsReview

    def get_queryset(self):
        return ReviewRound.objects.prefetch_related("council").order_by("-school_year", "-opened_at", "-pk")

    @extend_schema(
        summary="Mở đợt bình xét",
        request=ReviewRoundSerializer,
        responses={201: ReviewRoundSerializer, 400: REFUSED},
    )
    def create(self, request):
        data = self.validated(ReviewRoundSerializer)
        data.pop("council", None)
        review_round = emulation.open_review_round(**data, user=request.user)
        return Response(ReviewRoundSerializer(review_round).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa thông tin, tham số của đợt (khi chưa kết thúc)",
        request=ReviewRoundUpdateSerializer,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    def partial_update(self, request, pk=None):
        review_round = self.get_object()
        data = {
            "name": review_round.name,
            "min_approval_share": review_round.min_approval_share,
            "quorum": review_round.quorum,
            "meeting_at": review_round.meeting_at,
            "meeting_place": review_round.meeting_place,
            "locality": review_round.locality,
            "content": review_round.content,
            **self.validated(ReviewRoundUpdateSerializer, partial=True),
        }
        review_round = emulation.update_round(review_round, **data, user=request.user)
        return Response(ReviewRoundSerializer(review_round).data)

    @extend_schema(
        summary="Chọn Hội đồng",
        request=ReviewCouncilSerializer,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def council(self, request, pk=None):
        members = [(row["user"], row["role"]) for row in self.validated(ReviewCouncilSerializer)["members"]]
        review_round = self.get_object()
        emulation.set_council(review_round, members, user=request.user)
        return Response(ReviewRoundSerializer(self.get_queryset().get(pk=review_round.pk)).data)

    @extend_schema(
        summary="Lấy danh sách đề nghị từ đăng ký thi đua cùng năm học",
        request=None,
        responses={200: ReviewImportResultSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="import-candidates")
    def import_candidates(self, request, pk=None):
        return Response(
            {"added": emulation.candidates_from_registrations(self.get_object(), user=request.user)}
        )

    @extend_schema(
        summary="Kết thúc bình xét: khoá phiếu, công bố kết quả, cấp số biên bản",
        request=None,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        review_round = emulation.close_round(self.get_object(), school=request.school, user=request.user)
        return Response(ReviewRoundSerializer(self.get_queryset().get(pk=review_round.pk)).data)


class RoundContentViewSet(EmulationViewSet):
    write_rule = RunsReview
    pagination_class = None
    filter_backends = []

    @cached_property
    def review_round(self) -> ReviewRound:
        return get_object_or_404(ReviewRound, pk=self.kwargs["round_pk"])


class ReviewCandidateCreateSerializer(serializers.Serializer):
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), required=False, allow_null=True, help_text="Trống: tập thể nhà trường."
    )
    title = serializers.ChoiceField(choices=Title.choices, help_text="Danh hiệu, hình thức đề nghị.")


class ReviewVoteCountSerializer(serializers.Serializer):
    agree = serializers.IntegerField(min_value=0)
    disagree = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0, required=False, default=0)
    total_voters = serializers.IntegerField(min_value=1, help_text="Tổng số người biểu quyết.")


@extend_schema(parameters=[ROUND_PK])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đề nghị với kết quả",
        description="Với bỏ phiếu kín, số phiếu chỉ được công bố sau khi kết thúc bình xét.",
    ),
    destroy=extend_schema(summary="Bỏ khỏi danh sách đề nghị", responses={204: None, 400: REFUSED}),
)
class ReviewCandidateViewSet(RoundContentViewSet):
    serializer_class = ReviewCandidateResultSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewCandidate.objects.none()
        return ReviewCandidate.objects.filter(round=self.review_round).select_related("round", "staff")

    def list(self, request, round_pk=None):
        return Response(
            ReviewCandidateResultSerializer(selectors.review_results(self.review_round), many=True).data
        )

    def _result(self, candidate):
        return next(r for r in selectors.review_results(self.review_round) if r.candidate.pk == candidate.pk)

    @extend_schema(
        summary="Thêm người (hoặc tập thể) vào danh sách đề nghị",
        request=ReviewCandidateCreateSerializer,
        responses={201: ReviewCandidateResultSerializer, 400: REFUSED},
    )
    def create(self, request, round_pk=None):
        data = self.validated(ReviewCandidateCreateSerializer)
        candidate = emulation.add_candidate(
            self.review_round, staff=data.get("staff"), title=data["title"], user=request.user
        )
        return Response(
            ReviewCandidateResultSerializer(self._result(candidate)).data, status=status.HTTP_201_CREATED
        )

    def destroy(self, request, round_pk=None, pk=None):
        emulation.remove_candidate(self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Nhập số phiếu của một người (thư ký Hội đồng)",
        description="Chỉ với đợt nhập số phiếu, và khi đợt chưa kết thúc.",
        request=ReviewVoteCountSerializer,
        responses={200: ReviewCandidateResultSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def count(self, request, round_pk=None, pk=None):
        candidate = self.get_object()
        emulation.record_vote_count(candidate, **self.validated(ReviewVoteCountSerializer), user=request.user)
        return Response(ReviewCandidateResultSerializer(self._result(candidate)).data)


class ReviewBallotChoiceSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(help_text="Mã người trong danh sách đề nghị.")
    choice = serializers.ChoiceField(choices=BallotChoice.Choice.choices)


class ReviewBallotSerializer(serializers.Serializer):
    choices = ReviewBallotChoiceSerializer(many=True, help_text="Một lựa chọn cho mỗi người trong danh sách.")


class ReviewBallotStatusSerializer(serializers.Serializer):
    is_council_member = serializers.BooleanField()
    has_voted = serializers.BooleanField(help_text="Người gọi đã bỏ phiếu trong đợt này.")
    ballots_cast = serializers.IntegerField(help_text="Số thành viên đã bỏ phiếu.")
    council_size = serializers.IntegerField()


@extend_schema(parameters=[ROUND_PK])
class BallotViewSet(RoundContentViewSet):
    # Any member of the school reads the turnout; council members cast their own ballot.
    serializer_class = ReviewBallotStatusSerializer
    schema = OneObjectCollectionSchema()  # GET answers the turnout, one object
    write_rule = None  # the service admits the round's council members only

    def _status(self, request) -> dict:
        council = selectors.council_of(self.review_round)
        return {
            "is_council_member": any(m.user_id == request.user.pk for m in council),
            "has_voted": selectors.has_voted(self.review_round, request.user),
            "ballots_cast": self.review_round.ballots_cast.count(),
            "council_size": len(council),
        }

    @extend_schema(summary="Tình trạng bỏ phiếu kín của đợt", responses={200: ReviewBallotStatusSerializer})
    def list(self, request, round_pk=None):
        return Response(self._status(request))

    @extend_schema(
        summary="Bỏ phiếu kín (một lần, chọn cho từng người)",
        description="Phiếu không gắn với người bầu; hệ thống chỉ ghi nhận người đó đã bỏ phiếu.",
        request=ReviewBallotSerializer,
        responses={201: ReviewBallotStatusSerializer, 400: REFUSED},
    )
    def create(self, request, round_pk=None):
        choices = {
            row["candidate"]: row["choice"] for row in self.validated(ReviewBallotSerializer)["choices"]
        }
        emulation.cast_ballot(self.review_round, voter=request.user, choices=choices)
        return Response(self._status(request), status=status.HTTP_201_CREATED)
