"""Reads on failed sign-ins (django-axes' AccessAttempt rows, public schema): who is locked out now,
from where and until when."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from office.accounts.models import User
from office.authorities.access import head_reach


@dataclass(frozen=True)
class Lockout:
    username: str
    full_name: str  # "" when no account has this user name (a guess)
    address: str | None  # None: the user name is locked from every address
    failures: int
    last_failure: datetime
    until: datetime


def _recent_attempts(now=None):
    now = now or timezone.now()
    return AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)


def lockouts(usernames=None, now=None) -> list[Lockout]:
    """Every lockout in force, a user name locked everywhere first; `usernames` narrows the list."""
    attempts = _recent_attempts(now).order_by("username", "-attempt_time")
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    by_username: dict[str, list[AccessAttempt]] = {}
    for attempt in attempts:
        by_username.setdefault(attempt.username or "", []).append(attempt)
    names = dict(User.objects.filter(username__in=list(by_username)).values_list("username", "full_name"))
    everywhere, per_address = [], []
    for username, rows in by_username.items():
        total = sum(row.failures_since_start for row in rows)
        if total >= settings.TDKT_USERNAME_FAILURE_LIMIT:
            last = max(row.attempt_time for row in rows)
            everywhere.append(
                Lockout(
                    username, names.get(username, ""), None, total, last, last + settings.AXES_COOLOFF_TIME
                )
            )
            continue
        for row in rows:
            if row.failures_since_start >= settings.AXES_FAILURE_LIMIT:
                per_address.append(
                    Lockout(
                        username,
                        names.get(username, ""),
                        row.ip_address,
                        row.failures_since_start,
                        row.attempt_time,
                        row.attempt_time + settings.AXES_COOLOFF_TIME,
                    )
                )
    return everywhere + per_address


def locked_until(username: str, address: str | None) -> datetime | None:
    """When a sign-in as `username` from `address` is allowed again; None if it is not locked."""
    for lockout in lockouts([username]):
        if lockout.address is None or lockout.address == address:
            return lockout.until
    return None


def usernames_in_reach(user):
    """The accounts whose lockouts an office head sees and lifts: people of the schools and offices
    under the offices they lead. Staff of the platform (is_staff) see every lockout, including those
    of user names no account has."""
    if user.is_staff or user.is_superuser:
        return None
    reach = head_reach(user)
    return (
        User.objects.filter(
            Q(memberships__school__authority_id__in=reach) | Q(memberships__authority_id__in=reach)
        )
        .values_list("username", flat=True)
        .distinct()
    )


def lockouts_seen_by(user, now=None) -> list[Lockout]:
    return lockouts(usernames_in_reach(user), now)
