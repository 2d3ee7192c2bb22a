"""Reads of invitations. Every look-up of a link or a code names the school (or office) of the host
it was opened on, so an invitation of one school is never found from another's host."""

import hashlib
import re

from django.db.models import Q, QuerySet
from django.utils import timezone

from office.accounts.models import User
from office.invitations.models import Invitation

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I: read aloud and typed on a phone


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(text: str) -> str:
    """What a person typed for a printed code: case, spaces and the dash that splits it aside."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def normalise_phone(text: str) -> str:
    """Digits only, +84 written as the leading 0 people use at home."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def _on_host(school):
    """Invitations that may be opened on the host of `school`, or on the office's host (None): those
    of that school only, or of an office only."""
    queryset = Invitation.objects.select_related("school", "authority")
    if school is not None:
        return queryset.filter(school_id=school.pk)
    return queryset.filter(school__isnull=True, authority__isnull=False)


def invitation_for_token(token: str, *, school) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return _on_host(school).filter(token_hash=secret_hash(token)).first()


def invitation_for_code(code: str, *, school) -> Invitation | None:
    code = normalise_code(code)
    if len(code) != 8:
        return None
    return _on_host(school).filter(code_hash=secret_hash(code)).first()


def invitations_of_school(school) -> QuerySet[Invitation]:
    return Invitation.objects.filter(school_id=school.pk).select_related("created_by", "accepted_by")


def invitations_in_state(queryset: QuerySet[Invitation], state: str) -> QuerySet[Invitation]:
    """Narrow to one state as Invitation.state computes it, in SQL."""
    now = timezone.now()
    if state == Invitation.State.REVOKED:
        return queryset.filter(revoked_at__isnull=False)
    if state == Invitation.State.ACCEPTED:
        return queryset.filter(accepted_at__isnull=False, revoked_at__isnull=True)
    open_ = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    if state == Invitation.State.EXPIRED:
        return open_.filter(expires_at__lte=now)
    if state == Invitation.State.PENDING:
        return open_.filter(expires_at__gt=now)
    return queryset


def invitations_for_office(reach: set[int]) -> QuerySet[Invitation]:
    """What the office's page lists: invitations of the offices in the person's reach and of the
    principals of the schools under them."""
    return (
        Invitation.objects.filter(
            Q(authority_id__in=reach) | Q(school__authority_id__in=reach, role="principal")
        )
        .select_related("school", "authority", "created_by", "accepted_by")
        .order_by("-created_at", "-pk")
    )


def pending_staff_ids(school) -> set[int]:
    """Records of the register that have an invitation waiting (not used, revoked or expired)."""
    queryset = invitations_in_state(invitations_of_school(school), Invitation.State.PENDING)
    return set(queryset.filter(staff_id__isnull=False).values_list("staff_id", flat=True))


def school_has_invited_staff(school) -> bool:
    return Invitation.objects.filter(school_id=school.pk, staff_id__isnull=False).exists()


def account_for_invitation(invitation: Invitation) -> User | None:
    """An account the invited person already has: the only active one with the invitation's e-mail,
    or the one that accepted an earlier invitation sent to the same phone number."""
    if invitation.email:
        users = list(User.objects.filter(email__iexact=invitation.email, is_active=True)[:2])
        if len(users) == 1:
            return users[0]
    if invitation.phone:
        earlier = (
            Invitation.objects.filter(phone=invitation.phone, accepted_by__is_active=True)
            .exclude(pk=invitation.pk)
            .select_related("accepted_by")
            .order_by("-accepted_at")
            .first()
        )
        if earlier is not None:
            return earlier.accepted_by
    return None
