"""The nominations and dossiers API. Managers of the host's school only; the default permission
already answers 404 to members of other schools. The services' refusals become answers in
office.core.api.exception_handler (403 or 400, the reason in `detail`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.core.api import RefusalSerializer, allowed_by
from office.rules.vocabulary import Title
from plans.nominations import services as nomination_services
from plans.nominations.models import Dossier, Nomination
from plans.nominations.permissions import (
    PREPARE_REFUSAL,
    SUBMIT_REFUSAL,
    can_prepare_nominations,
    can_submit_dossier,
)
from plans.nominations.selectors import dossier_list, dossier_state, nomination_list
from plans.staff.models import Staff

# Asked before a body is read, so that a teacher gets 403 rather than a 400 about what they sent.
PreparesNominations = allowed_by(can_prepare_nominations, PREPARE_REFUSAL)
SubmitsDossiers = allowed_by(can_submit_dossier, SUBMIT_REFUSAL)
REFUSALS = {400: RefusalSerializer, 403: RefusalSerializer}


class CheckResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="met: đạt; not_met: không đạt; unknown: chưa đủ thông tin")
    reason = serializers.CharField()
    article = serializers.CharField()


class NominationSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(
        source="staff.full_name", read_only=True, default=None, allow_null=True
    )
    # Blank until the checker has run (a read-only field of a ModelSerializer loses the model's blank=True).
    verdict = serializers.ChoiceField(choices=Nomination.Verdict.choices, allow_blank=True, read_only=True)
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
            "checked_on",
            "dossier",
        ]
        read_only_fields = ["verdict", "check_report", "checked_at", "checked_on", "dossier"]


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
        return [*super().get_permissions(), PreparesNominations()]

    def get_queryset(self):
        return nomination_list()

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer, **REFUSALS})
    def create(self, request, *args, **kwargs):
        data = NominationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nomination = nomination_services.create_nomination(
            **data.validated_data, user=request.user, school=request.school
        )
        nomination_services.run_check(nomination, school=request.school, user=request.user)
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: NominationSerializer, **REFUSALS},
        summary="Kiểm tra điều kiện theo quy định",
    )
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
        permissions = [*super().get_permissions(), PreparesNominations()]
        if self.action == "submit":
            # Before the dossier is looked up, as the service's own check would come after it.
            permissions.append(SubmitsDossiers())
        return permissions

    def get_queryset(self):
        return dossier_list().prefetch_related("nominations")

    @extend_schema(
        request=None,
        responses={200: DossierSerializer, **REFUSALS},
        summary="Ký và gửi hồ sơ lên cơ quan quản lý",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        dossier = self.get_object()
        nomination_services.submit_dossier(dossier, school=request.school, user=request.user)
        dossier.refresh_from_db()
        return Response(DossierSerializer(dossier, context={"request": request}).data)
