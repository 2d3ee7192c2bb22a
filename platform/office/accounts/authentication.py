"""The API's session authentication (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES; tokens are
office.tokens'): DRF's session check, which already refuses an inactive account, plus one rule of the
platform: a person whose password was set by a manager uses nothing, the API included, until they have
chosen their own (office.tokens applies the same rule to tokens)."""

from drf_spectacular import authentication as spectacular_authentication
from rest_framework import authentication
from rest_framework.exceptions import PermissionDenied

FORCED_CHANGE_REFUSAL = "Bạn cần đổi mật khẩu do người quản lý đặt (trang Đổi mật khẩu) trước khi dùng API."


def refuse_forced_change(result):
    if result is not None and getattr(result[0], "must_change_password", False):
        raise PermissionDenied(FORCED_CHANGE_REFUSAL)
    return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return refuse_forced_change(super().authenticate(request))


class SessionScheme(spectacular_authentication.SessionScheme):
    """The OpenAPI documents describe the session sign-in as before."""

    target_class = "office.accounts.authentication.SessionAuthentication"
