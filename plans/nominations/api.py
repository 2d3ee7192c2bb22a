"""The nominations and dossiers API. Managers of the host's school only; the default permission
already answers 404 to members of other schools."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from office.accounts.selectors import can_sign_for_school, is_school_manager
from office.rules.vocabulary import Title
from plans.nominations import services as nomination_services
from plans.nominations.models import Dossier, Nomination
from plans.nominations.selectors import dossier_list, dossier_state, nomination_list
from plans.nominations.services import NominationError
from plans.staff.models import Staff


class IsSchoolManager(BasePermission):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được làm việc này."

    def has_permission(self, request, view):
        return is_school_manager(request.user, request.school)


def _refused(exc: NominationError):
    return ValidationError({"detail": str(exc)})


class CheckResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="met: đạt; not_met: không đạt; unknown: chưa đủ thông tin")
    reason = serializers.CharField()
    article = serializers.CharField()


class NominationSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True, default=None)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    check_report = CheckResultSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "school_year",
            "staff",
            "staff_name",
            "title",
            "title_label",
            "summary",
            "achievements",
            "initiative",
            "verdict",
            "check_report",
            "checked_at",
            "dossier",
        ]
        read_only_fields = ["verdict", "check_report", "checked_at", "dossier"]


class NominationCreateSerializer(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text="Năm học, ví dụ 2025-2026")
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), allow_null=True, help_text="Bỏ trống: tập thể trường"
    )
    title = serializers.ChoiceField(choices=Title.choices)


class NominationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = NominationSerializer
    filterset_fields = ["school_year", "title", "verdict"]

    def get_permissions(self):
        return [*super().get_permissions(), IsSchoolManager()]

    def get_queryset(self):
        return nomination_list()

    @extend_schema(request=NominationCreateSerializer, responses=NominationSerializer)
    def create(self, request, *args, **kwargs):
        data = NominationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            nomination = nomination_services.create_nomination(**data.validated_data, user=request.user)
        except NominationError as exc:
            raise _refused(exc) from exc
        nomination_services.run_check(nomination, school=request.school, user=request.user)
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=NominationSerializer, summary="Kiểm tra điều kiện theo quy định")
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


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DossierSerializer

    def get_permissions(self):
        return [*super().get_permissions(), IsSchoolManager()]

    def get_queryset(self):
        return dossier_list().prefetch_related("nominations")

    @extend_schema(request=None, responses=DossierSerializer, summary="Ký và gửi hồ sơ lên cơ quan quản lý")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        if not can_sign_for_school(request.user, request.school):
            raise PermissionDenied("Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ký gửi tờ trình.")
        dossier = self.get_object()
        try:
            nomination_services.submit_dossier(dossier, school=request.school, user=request.user)
        except NominationError as exc:
            raise _refused(exc) from exc
        dossier.refresh_from_db()
        return Response(DossierSerializer(dossier, context={"request": request}).data)
