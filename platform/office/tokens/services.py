"""Writes on API tokens: a person creates their own (the secret is shown once) and revokes them."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_office_event
from office.core.errors import Invalid
from office.tokens.models import ApiToken
from office.tokens.selectors import tokens_of

# How long a new token works, as offered on the page and the API (days).
VALIDITY_CHOICES = {30: "30 ngày", 90: "90 ngày", 365: "1 năm"}
DEFAULT_VALIDITY_DAYS = 90
MAX_TOKENS_PER_PERSON = 20
# Writing the time of use on every request would be one more write per API call.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def create_token(user, *, label: str, valid_days: int = DEFAULT_VALIDITY_DAYS) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its secret, which is shown this once and never again."""
    label = (label or "").strip()
    if not label:
        raise Invalid("Hãy đặt tên gợi nhớ cho khóa (ví dụ: “Bảng tính tổng hợp của tổ Văn phòng”).")
    if len(label) > 100:
        raise Invalid("Tên gợi nhớ dài tối đa 100 ký tự.")
    if valid_days not in VALIDITY_CHOICES:
        raise Invalid("Thời hạn của khóa phải là 30 ngày, 90 ngày hoặc 1 năm.")
    if tokens_of(user).count() >= MAX_TOKENS_PER_PERSON:
        raise Invalid(f"Mỗi người giữ tối đa {MAX_TOKENS_PER_PERSON} khóa; hãy thu hồi khóa không còn dùng.")
    token, secret = ApiToken.objects.create(user=user, expiry=timedelta(days=valid_days), label=label)
    record_office_event(
        "api_token.created",
        user,
        user=user,
        after={
            "token": str(token.uid),
            "label": label,
            "prefix": token.token_key,
            "expiry": token.expiry.isoformat(),
        },
        summary=f"Tạo khóa truy cập API “{label}”",
    )
    return token, secret


@transaction.atomic
def revoke_token(user, token: ApiToken) -> None:
    """The token stops working at once: its row goes (knox finds a token only by its row)."""
    if token.user_id != user.pk:
        raise Invalid("Chỉ người giữ khóa được thu hồi khóa của mình.")
    record_office_event(
        "api_token.revoked",
        user,
        user=user,
        before={"token": str(token.uid), "label": token.label, "prefix": token.token_key},
        summary=f"Thu hồi khóa truy cập API “{token.label}”",
    )
    token.delete()


def mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
