"""The API of a person's own tokens: list, create (the secret is in that answer only), revoke."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from office.accounts.selectors import has_school_membership
from office.tokens import services
from office.tokens.selectors import token_of, tokens_of


class IsSignedInHere(BasePermission):
    """Any signed-in person on the office's host; on a school's host only its members (others get
    the 404 a missing page gets, as everywhere on a school's host). Each sees only their own tokens."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        school = getattr(request, "school", None)
        if school is not None and not has_school_membership(user, school):
            raise NotFound("Không tìm thấy.")
        return True


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    label = serializers.CharField(max_length=100)
    prefix = serializers.CharField(source="token_key", read_only=True)
    created = serializers.DateTimeField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)


class NewApiTokenSerializer(ApiTokenSerializer):
    valid_days = serializers.ChoiceField(
        choices=list(services.VALIDITY_CHOICES.items()),
        default=services.DEFAULT_VALIDITY_DAYS,
        write_only=True,
    )
    token = serializers.CharField(
        read_only=True, help_text="Chuỗi bí mật của khóa; chỉ có trong câu trả lời này."
    )


class ApiTokenListView(APIView):
    permission_classes = [IsSignedInHere]

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        return Response(ApiTokenSerializer(tokens_of(request.user), many=True).data)

    @extend_schema(request=NewApiTokenSerializer, responses={201: NewApiTokenSerializer})
    def post(self, request):
        incoming = NewApiTokenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        token, secret = services.create_token(
            request.user,
            label=incoming.validated_data["label"],
            valid_days=incoming.validated_data["valid_days"],
        )
        data = ApiTokenSerializer(token).data
        data["token"] = secret
        return Response(data, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(APIView):
    permission_classes = [IsSignedInHere]

    def _token(self, request, uid):
        token = token_of(request.user, uid)
        if token is None:
            raise NotFound("Không tìm thấy khóa.")
        return token

    @extend_schema(responses=ApiTokenSerializer)
    def get(self, request, uid):
        return Response(ApiTokenSerializer(self._token(request, uid)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, uid):
        services.revoke_token(request.user, self._token(request, uid))
        return Response(status=status.HTTP_204_NO_CONTENT)
