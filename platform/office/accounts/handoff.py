"""Moving a signed-in person from the office's host to one of their schools' hosts.

Each host keeps its own session cookie, so the office hands over a short-lived, single-use signed
token instead of asking the person to sign in again."""

import secrets

from django.core import signing
from django.core.cache import cache

SALT = "office.accounts.school-handoff"
MAX_AGE_SECONDS = 60


def make_handoff_token(user, school) -> str:
    return signing.dumps({"u": user.pk, "s": school.code, "n": secrets.token_urlsafe(16)}, salt=SALT)


def redeem_handoff_token(token: str, school) -> int | None:
    """The user id the token was made for, or None if it is forged, expired, used or for another school."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("s") != school.code:
        return None
    if not cache.add(f"handoff-used:{payload['n']}", 1, timeout=MAX_AGE_SECONDS * 2):
        return None
    return payload.get("u")
