"""Who may lift a sign-in lockout before it runs out."""

from office.authorities.access import head_reach
from office.lockouts.selectors import usernames_in_reach


def can_unlock_sign_ins(user) -> bool:
    """An office head (for the people under their offices) or the platform's staff (for anyone)."""
    if not (user and user.is_authenticated):
        return False
    return bool(user.is_staff or user.is_superuser or head_reach(user))


def can_unlock_sign_in_of(user, username: str) -> bool:
    if not can_unlock_sign_ins(user):
        return False
    reach = usernames_in_reach(user)
    return reach is None or reach.filter(username=username).exists()
