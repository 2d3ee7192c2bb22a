"""Movements through the API. On the office's host: every movement launched within the caller's reach,
to read, launch, change and withdraw (services do the writing). On a school's host (plans.urls):
the movements that reach that school, read-only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from office.authorities.access import office_reach
from office.authorities.models import Authority
from office.movements.models import Movement
from office.movements.selectors import movements_for_school, movements_within
from office.movements.services import launch_movement, update_movement, withdraw_movement


class MovementSerializer(serializers.ModelSerializer):
    authority = serializers.SlugRelatedField(
        slug_field="code", queryset=Authority.objects.none(), help_text="Mã cơ quan phát động."
    )
    authority_name = serializers.CharField(source="authority.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    document_count = serializers.IntegerField(read_only=True, help_text="Số văn bản kèm theo đã kiểm tra.")
    launched_by = serializers.SerializerMethodField()

    class Meta:
        model = Movement
        fields = [
            "id",
            "authority",
            "authority_name",
            "name",
            "kind",
            "kind_label",
            "school_year",
            "starts_on",
            "ends_on",
            "description",
            "criteria",
            "launched_by",
            "launched_at",
            "document_count",
        ]
        read_only_fields = ["launched_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "school", None) is None:
            self.fields["authority"].queryset = Authority.objects.filter(pk__in=office_reach(request.user))

    @extend_schema_field(serializers.CharField())
    def get_launched_by(self, movement) -> str:
        return movement.launched_by.get_full_name() if movement.launched_by else ""


class OfficeMovementViewSet(viewsets.ModelViewSet):
    """Movements launched within the caller's reach; another office's movement answers 404."""

    serializer_class = MovementSerializer
    filterset_fields = ["school_year", "kind"]

    def get_queryset(self):
        return movements_within(office_reach(self.request.user))

    def _fields(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        data.pop("authority", None)
        return data

    def perform_create(self, serializer):
        serializer.instance = launch_movement(
            authority=serializer.validated_data["authority"],
            user=self.request.user,
            **self._fields(serializer),
        )

    def perform_update(self, serializer):
        movement = serializer.instance
        fields = {
            field: getattr(movement, field)
            for field in ("name", "kind", "school_year", "starts_on", "ends_on", "description", "criteria")
        }
        fields.update(self._fields(serializer))
        if serializer.validated_data.get("authority", movement.authority) != movement.authority:
            raise ValidationError(
                {"authority": "Không đổi được cơ quan phát động của phong trào đã phát động."}
            )
        update_movement(movement, user=self.request.user, **fields)
        serializer.instance = self.get_queryset().get(pk=movement.pk)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        movement = self.get_queryset().get(pk=response.data["id"])
        return Response(self.get_serializer(movement).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        withdraw_movement(instance, user=self.request.user)


class SchoolMovementViewSet(viewsets.ReadOnlyModelViewSet):
    """The movements that reach this school today: launched by its authority and those above it."""

    serializer_class = MovementSerializer
    filterset_fields = ["school_year", "kind"]
    queryset = Movement.objects.none()  # for the schema generator, which has no school

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Movement.objects.none()
        return movements_for_school(self.request.school)
