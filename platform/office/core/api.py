"""What every API of the platform shares: the shape of a refusal in the OpenAPI documents, and the
one place where a service's refusal becomes an answer (REST_FRAMEWORK's EXCEPTION_HANDLER)."""

from collections.abc import Callable

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from office.core.errors import Refusal


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Lý do từ chối, bằng tiếng Việt.")


def exception_handler(exc, context):
    """A service's Refused answers 403 and its Invalid 400, with the Vietnamese message in `detail`
    (and any details it carries); everything else is DRF's own handling."""
    if isinstance(exc, Refusal):
        return Response(exc.response_data(), status=exc.status_code)
    return drf_exception_handler(exc, context)


def allowed_by(predicate: Callable[[object, object], bool], message: str) -> type[BasePermission]:
    """A DRF permission class from a part's named predicate `predicate(user, school)`. DRF asks it
    before the body is read, so a person without the right gets 403, never a 400 about the body."""

    class AllowedBy(BasePermission):
        def has_permission(self, request, view):
            if predicate(request.user, getattr(request, "school", None)):
                return True
            raise PermissionDenied(message)

    AllowedBy.__name__ = AllowedBy.__qualname__ = f"AllowedBy_{predicate.__name__}"
    return AllowedBy
