"""Writes on accounts and memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction

from office.accounts.models import OFFICE_ROLES, SCHOOL_ROLES, Membership, User


@transaction.atomic
def ensure_user(*, username: str, full_name: str, email: str = "", password: str | None = None) -> User:
    """Create the account if it is missing; an existing one keeps its password unless one is given."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": email}
    )
    if created or password:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_name = full_name
        user.email = email
        user.save()
    return user


def grant_school_role(user: User, school, role: str) -> Membership:
    if role not in SCHOOL_ROLES:
        raise ValidationError(f"Vai trò “{role}” không dùng được trong trường.")
    membership, _ = Membership.objects.get_or_create(user=user, school=school, role=role)
    return membership


def grant_office_role(user: User, authority, role: str) -> Membership:
    if role not in OFFICE_ROLES:
        raise ValidationError(f"Vai trò “{role}” không dùng được ở cơ quan quản lý.")
    membership, _ = Membership.objects.get_or_create(user=user, authority=authority, role=role)
    return membership
