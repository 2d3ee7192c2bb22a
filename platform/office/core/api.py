"""What every API of the platform shares: the shape of a refusal in the OpenAPI documents, and the
one place where a service's refusal becomes an answer (REST_FRAMEWORK's EXCEPTION_HANDLER)."""

import copy
from collections.abc import Callable

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from office.core.errors import Refusal


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Lý do từ chối, bằng tiếng Việt.")


# How DRF answers input it cannot accept (400): each field's name with its messages, a nested field's
# messages under its own names or positions, and `non_field_errors` for the input as a whole.
VALIDATION_ERRORS = {
    "type": "object",
    "description": "Dữ liệu gửi lên không hợp lệ: tên từng trường kèm các thông báo lỗi (tiếng Việt); "
    "`non_field_errors` cho lỗi chung của cả yêu cầu. Không có gì thay đổi.",
    "properties": {"non_field_errors": {"type": "array", "items": {"type": "string"}}},
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}
REFUSAL_REF = {"$ref": "#/components/schemas/Refusal"}
VALIDATION_ERRORS_REF = {"$ref": "#/components/schemas/ValidationErrors"}
# Answers that any operation may give, whatever its own view declares: no or a wrong token (401), a
# permission predicate's no (403), the object or — on a school's host, for a non-member — the
# school itself not found (404, DESIGN.md §6), a body in a format the operation does not read (415).
COMMON_REFUSALS = {
    "401": "Chưa đăng nhập, hoặc khóa truy cập API không hợp lệ, đã hết hạn hay đã bị thu hồi.",
    "403": "Người gọi không có quyền thực hiện thao tác này; không có gì thay đổi.",
    "404": "Không tìm thấy (hoặc người gọi không được thấy) đối tượng, trang kết quả hay trường này.",
}
UNSUPPORTED_MEDIA_TYPE = "Định dạng dữ liệu gửi lên không được hỗ trợ."
INVALID = "Yêu cầu không hợp lệ hoặc vi phạm quy định; lý do bằng tiếng Việt, không có gì thay đổi."
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def _json(schema: dict, description: str) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "description": description}


def document_refusals(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the refusals the platform gives
    (401, 403, 404; 400 where it takes input or changes something; 415 where it reads a body), each
    with its JSON body: a refusal's `detail` (office.core.errors.Refusal, DRF's own exceptions) or,
    where DRF validates input, the fields' messages. A 400 a view declared itself is kept, and widened
    to the fields' messages where DRF reads a body or query parameters before the view runs."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Refusal", {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    )
    schemas["ValidationErrors"] = VALIDATION_ERRORS
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            reads_body = "requestBody" in operation
            validates = reads_body or any(p.get("in") == "query" for p in operation.get("parameters", []))
            if validates or method != "get":
                responses["400"] = _invalid(responses.get("400"), validates=validates)
            for code, description in COMMON_REFUSALS.items():
                responses.setdefault(code, _json(REFUSAL_REF, description))
            if reads_body:
                responses.setdefault("415", _json(REFUSAL_REF, UNSUPPORTED_MEDIA_TYPE))
            operation["responses"] = dict(sorted(responses.items()))
    return result


def _invalid(declared: dict | None, *, validates: bool) -> dict:
    if declared is None:
        declared = _json(REFUSAL_REF, INVALID)
    if not validates:
        return declared
    widened = copy.deepcopy(declared)
    for media in widened.setdefault("content", {"application/json": {"schema": REFUSAL_REF}}).values():
        schema = media.get("schema", REFUSAL_REF)
        if schema != VALIDATION_ERRORS_REF:
            media["schema"] = {"anyOf": [schema, VALIDATION_ERRORS_REF]}
    widened["description"] = widened.get("description") or INVALID
    return widened


def exception_handler(exc, context):
    """A service's Refused answers 403 and its Invalid 400, with the Vietnamese message in `detail`
    (and any details it carries); everything else is DRF's own handling."""
    if isinstance(exc, Refusal):
        return Response(exc.response_data(), status=exc.status_code)
    return drf_exception_handler(exc, context)


class OneObjectCollectionSchema(AutoSchema):
    """The schema of a viewset whose collection route answers one object (a status or a summary),
    not a list: drf-spectacular would otherwise document its `list` as an array (or a page)."""

    def _is_list_view(self, serializer=None):
        return False


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
