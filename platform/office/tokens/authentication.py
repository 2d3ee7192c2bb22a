"""API calls signed with a person's token ("Authorization: Token tdkt_…"), through django-rest-knox."""

from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from office.accounts.authentication import refuse_forced_change
from office.tokens.services import mark_used

INVALID = "Khóa truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."
INACTIVE = "Tài khoản của khóa truy cập này đã ngừng hoạt động."


class ApiTokenAuthentication(TokenAuthentication):
    """knox's check (hash compared in constant time, expired tokens deleted), with Vietnamese answers
    and the time of last use kept for the owner's list."""

    def authenticate_credentials(self, token):
        try:
            return super().authenticate_credentials(token)
        except AuthenticationFailed as exc:
            if exc.detail == INACTIVE:
                raise
            raise AuthenticationFailed(INVALID) from None

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            raise AuthenticationFailed(INACTIVE)
        mark_used(auth_token)
        return refuse_forced_change((auth_token.user, auth_token))
