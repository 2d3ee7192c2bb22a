"""The office's API (public schema)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from office.accounts.models import Membership
from office.accounts.selectors import memberships_of, schools_under_offices_of
from tenants.models import School


class MembershipSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display")
    # A membership is in a school or in an authority: the other is null.
    school = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["role", "role_label", "school", "authority"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    memberships = serializers.SerializerMethodField()

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        # Only the roles in force today: an ended one gives no right and is not the caller's role.
        return MembershipSerializer(memberships_of(user), many=True).data


class MeView(APIView):
    """The signed-in person and their roles, on any host: it shows only the caller's own data."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class SchoolSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(read_only=True)
    authority = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = School
        fields = ["code", "name", "level", "spans", "level_label", "address", "authority", "host"]


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools under the offices where the caller works."""

    serializer_class = SchoolSerializer
    lookup_field = "code"
    filterset_fields = ["level"]

    def get_queryset(self):
        return schools_under_offices_of(self.request.user)
