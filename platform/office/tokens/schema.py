"""How the OpenAPI documents describe a call signed with an API token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "office.tokens.authentication.ApiTokenAuthentication"
    name = "khoaTruyCapApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Khóa truy cập API của bạn (trang “Khóa truy cập API”), dạng `Token tdkt_…`.",
        }
