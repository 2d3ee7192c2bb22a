"""The dashboard's rows as an API (office host): the same selector, the same filters and sort."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from office.accounts.selectors import is_office_member
from office.facts.models import OfficeDeadline
from reporting.dashboard.figures import DeadlineState
from reporting.dashboard.params import read_params
from reporting.dashboard.selectors import office_dashboard


class IsOfficeMember(BasePermission):
    """Office staff only; anyone else signed in gets 404, as for the page."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if not is_office_member(request.user):
            raise NotFound("Không tìm thấy.")
        return True


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficeDeadline
        fields = ["id", "kind", "due_on", "label"]


class DeadlineCellSerializer(serializers.Serializer):
    deadline_id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=list(DeadlineState.LABELS.items()))
    label = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)


class DashboardRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_label = serializers.CharField()
    cluster_name = serializers.CharField()
    cluster_rank = serializers.IntegerField(allow_null=True)
    plan_issued = serializers.BooleanField()
    registration_submitted = serializers.BooleanField()
    initiatives_recognised = serializers.IntegerField()
    dossiers_draft = serializers.IntegerField()
    dossiers_submitted = serializers.IntegerField()
    dossiers_returned = serializers.IntegerField()
    dossiers_accepted = serializers.IntegerField()
    dossiers_forwarded = serializers.IntegerField()
    staff_total = serializers.IntegerField()
    teaching_staff = serializers.IntegerField()
    registrations_total = serializers.IntegerField()
    registrations_pending = serializers.IntegerField()
    nominations_total = serializers.IntegerField()
    awards_total = serializers.IntegerField()
    awards_teaching = serializers.IntegerField()
    teaching_award_share = serializers.FloatField(allow_null=True)
    is_late = serializers.BooleanField()
    deadlines = DeadlineCellSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    school_year = serializers.CharField()
    deadlines = DeadlineSerializer(many=True)
    rows = DashboardRowSerializer(many=True)


class DashboardView(APIView):
    """Every school of the caller's offices for a school year, one row each, as on the dashboard page."""

    permission_classes = [IsOfficeMember]

    @extend_schema(
        responses=DashboardSerializer,
        parameters=[
            OpenApiParameter("school_year", OpenApiTypes.STR, description="Năm học, ví dụ 2025-2026"),
            OpenApiParameter("cap", OpenApiTypes.STR, description="Cấp học (mam_non, tieu_hoc, thcs)"),
            OpenApiParameter("cum", OpenApiTypes.INT, description="Mã cụm thi đua"),
            OpenApiParameter("tinh_trang", OpenApiTypes.STR, description="Lọc theo tình trạng"),
            OpenApiParameter("sap_xep", OpenApiTypes.STR, description="Cột sắp xếp; dấu - để giảm dần"),
        ],
    )
    def get(self, request):
        params = read_params(request.query_params)
        dashboard = office_dashboard(request.user, params.school_year, **params.as_kwargs())
        return Response(DashboardSerializer(dashboard).data)
