"""Writes on sign-in lockouts: lifting one early, in the office's history."""

from axes.utils import reset
from django.db import transaction

from office.accounts.models import User
from office.audit.services import record_office_event
from office.core.errors import Invalid, require
from office.lockouts.permissions import can_unlock_sign_in_of
from office.lockouts.selectors import lockouts


@transaction.atomic
def unlock_sign_in(by, *, username: str, address: str | None = None) -> int:
    """Lift the lockout of `username` (from `address` only, or from everywhere when None): its
    counted failures are forgotten. Returns how many failure records went."""
    require(
        can_unlock_sign_in_of(by, username),
        "Chỉ lãnh đạo phòng được mở khóa đăng nhập của người thuộc phòng mình.",
    )
    current = [lock for lock in lockouts([username]) if address is None or lock.address in (None, address)]
    if not current:
        raise Invalid(f"Tài khoản “{username}” hiện không bị khóa đăng nhập (có thể khóa đã hết hạn).")
    removed = reset(username=username, ip=address) if address else reset(username=username)
    record_office_event(
        "signin.unlocked",
        User.objects.filter(username=username).first(),
        user=by,
        before={
            "username": username,
            "address": address,
            "failures": sum(lock.failures for lock in current),
            "until": max(lock.until for lock in current).isoformat(),
        },
        after={"failure_records_removed": removed},
        summary=f"Mở khóa đăng nhập cho “{username}”" + (f" từ địa chỉ {address}" if address else ""),
    )
    return removed
