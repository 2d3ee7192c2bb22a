"""The authority tree and the schools' history through the API, read-only, within the caller's reach
(the subtrees of the offices where they hold a role); anything else answers 404."""

from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from office.authorities.access import office_reach
from office.authorities.models import Authority, SchoolAuthorityPeriod
from office.authorities.services import existence_label
from office.core.collation import by_name
from tenants.models import School


class AuthoritySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    state = serializers.SerializerMethodField(
        help_text="Tình trạng hoạt động, ví dụ “đã giải thể từ 01/07/2025”."
    )
    in_force = serializers.SerializerMethodField(help_text="Cơ quan còn hoạt động hay không.")
    schools = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Mã các trường trực thuộc hiện nay."
    )

    class Meta:
        model = Authority
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "parent",
            "valid_from",
            "valid_to",
            "in_force",
            "state",
            "schools",
        ]

    @extend_schema_field(serializers.CharField())
    def get_state(self, authority) -> str:
        return existence_label(authority)

    def get_in_force(self, authority) -> bool:
        return authority.valid_to is None


class AuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    """The authorities within the caller's reach, each with its parent and the schools it has now."""

    serializer_class = AuthoritySerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        return (
            Authority.objects.filter(pk__in=office_reach(self.request.user))
            .select_related("parent")
            .prefetch_related(Prefetch("schools", queryset=School.objects.order_by(by_name(), "pk")))
            .order_by(by_name(), "pk")
        )


class PeriodSerializer(serializers.ModelSerializer):
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = SchoolAuthorityPeriod
        fields = ["authority", "authority_name", "valid_from", "valid_to"]


class SchoolHistorySerializer(serializers.ModelSerializer):
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    periods = PeriodSerializer(source="authority_periods", many=True, read_only=True)

    class Meta:
        model = School
        fields = ["code", "name", "authority", "periods"]


class SchoolHistoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Each school within the caller's reach with the authorities it answered to, oldest first."""

    serializer_class = SchoolHistorySerializer
    lookup_field = "code"

    def get_queryset(self):
        periods = SchoolAuthorityPeriod.objects.select_related("authority").order_by(
            F("valid_from").asc(nulls_first=True), "pk"
        )
        return (
            School.objects.filter(authority_id__in=office_reach(self.request.user))
            .select_related("authority")
            .prefetch_related(Prefetch("authority_periods", queryset=periods))
            .order_by(by_name(), "pk")
        )
