"""Writes on accounts and memberships. Every change a person makes to somebody else's account (a
password set for them, leaving, returning, a role given or ended) is recorded in the office's audit
log with the school or office it happened in, so each side lists its own (selectors.account_events)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from knox.models import get_token_model

from office.accounts.models import OFFICE_ROLES, SCHOOL_ROLES, Membership, Role, User
from office.accounts.permissions import (
    ASSIGN_OFFICE_ROLE_REFUSAL,
    ASSIGN_PRINCIPAL_REFUSAL,
    MANAGE_OFFICE_PEOPLE_REFUSAL,
    MANAGE_PEOPLE_REFUSAL,
    OUTSIDE_PERSON_REFUSAL,
    can_assign_office_role,
    can_assign_school_role,
    can_manage_account,
    can_manage_school_people,
    can_set_password_in_school,
    oversees_school,
)
from office.accounts.selectors import office_memberships
from office.audit.services import record_office_event
from office.core.errors import Invalid, Refused, require

OFFICE_STOPPED_REFUSAL = "Tài khoản này do cơ quan quản lý ngừng; chỉ cơ quan quản lý mở lại được."
LAST_PRINCIPAL_MESSAGE = "Trường phải còn ít nhất một Hiệu trưởng: hãy giao vai trò cho người mới trước."


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


def _open_membership(user: User, role: str, **place) -> Membership:
    """The person's open membership with this role at this place, started today if there was none."""
    membership = Membership.objects.in_force().filter(user=user, role=role, **place).first()
    if membership is None:
        membership = Membership.objects.filter(user=user, role=role, ends_on__isnull=True, **place).first()
    return membership or Membership.objects.create(user=user, role=role, **place)


def grant_school_role(user: User, school, role: str) -> Membership:
    """The system's grant (seeding, provisioning): no permission check, no audit event."""
    if role not in SCHOOL_ROLES:
        raise ValidationError(f"Vai trò “{role}” không dùng được trong trường.")
    return _open_membership(user, role, school=school)


def grant_office_role(user: User, authority, role: str) -> Membership:
    if role not in OFFICE_ROLES:
        raise ValidationError(f"Vai trò “{role}” không dùng được ở cơ quan quản lý.")
    return _open_membership(user, role, authority=authority)


def _scope(school=None, authority=None) -> dict:
    # Where the change happened, for the account log pages of that school and of the offices above it.
    return {
        "school": school.code if school is not None else None,
        "authority": authority.pk if authority else None,
    }


def _account_scope(by, person: User, school=None) -> dict:
    """Where a change to a whole account is listed: the school it was made in; or, made by the office,
    the acting office and the person's school when they work in only one, so the school sees it too."""
    if school is not None:
        return _scope(school)
    office = office_memberships(by).order_by("authority_id").first()
    schools = set(
        Membership.objects.filter(user=person, school__isnull=False).values_list("school__code", flat=True)
    )
    return {
        "school": schools.pop() if len(schools) == 1 else None,
        "authority": office.authority_id if office else None,
    }


def _membership_state(membership: Membership) -> dict:
    return {
        "role": membership.role,
        "unit": membership.unit,
        "starts_on": membership.starts_on.isoformat(),
        "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
    }


def _check_password(password: str, person: User) -> None:
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from exc


@transaction.atomic
def set_password_by_manager(person: User, password: str, *, by, school=None) -> User:
    """A manager sets a password for somebody who lost theirs; the person must choose their own at the
    next sign-in. On a school's host the principal does it for the school's people; on the office's
    host, the office for people wholly in its reach."""
    if person.pk == getattr(by, "pk", None):
        raise Invalid("Hãy đổi mật khẩu của chính mình ở trang Đổi mật khẩu.")
    if school is not None:
        require(can_manage_school_people(by, school), MANAGE_PEOPLE_REFUSAL)
        require(can_set_password_in_school(by, school, person), OUTSIDE_PERSON_REFUSAL)
    else:
        require(can_manage_account(by, person), MANAGE_OFFICE_PEOPLE_REFUSAL)
    _check_password(password, person)
    person.set_password(password)
    person.must_change_password = True
    person.save(update_fields=["password", "must_change_password"])
    record_office_event(
        "account.password_set",
        person,
        user=by,
        summary=f"Đặt lại mật khẩu cho {person.get_full_name()} ({person.username})",
        after=_account_scope(by, person, school),
    )
    return person


@transaction.atomic
def record_own_password_change(person: User) -> None:
    """The person chose their own password (the change page or a reset link): the forced change is done."""
    if person.must_change_password:
        person.must_change_password = False
        person.save(update_fields=["must_change_password"])
    record_office_event("account.password_changed", person, user=person, summary=person.username)


def _holds_role_in(person: User, school) -> bool:
    return Membership.objects.in_force().filter(user=person, school=school).exists()


def _other_principals(school, *, excluding: User) -> bool:
    # Lock the school's principal rows: two principals removing each other at once cannot both pass.
    list(Membership.objects.select_for_update().filter(school=school, role=Role.PRINCIPAL).values_list("pk"))
    return (
        Membership.objects.in_force()
        .filter(school=school, role=Role.PRINCIPAL, user__is_active=True)
        .exclude(user=excluding)
        .exists()
    )


def _stop_account(person: User) -> None:
    """Sign-in stops at the next request (the session backend refuses an inactive account) and so does
    every API token, which is also deleted."""
    person.is_active = False
    person.save(update_fields=["is_active"])
    get_token_model().objects.filter(user=person).delete()


@transaction.atomic
def deactivate_person(person: User, *, by, reason: str, school=None) -> User:
    """A person left (another school, retirement). In a school: their roles there end today, and the
    account stops only if no role remains in force anywhere. On the office's host: the whole account
    stops. Their records and history stay; nobody is ever deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Hãy ghi lý do (ví dụ: nghỉ hưu, chuyển công tác).")
    if person.pk == getattr(by, "pk", None):
        raise Invalid("Không tự ngừng tài khoản của chính mình.")
    today = timezone.localdate()
    if school is not None:
        require(can_manage_school_people(by, school), MANAGE_PEOPLE_REFUSAL)
        held = list(Membership.objects.in_force().filter(user=person, school=school))
        if not held:
            raise Invalid(f"{person.get_full_name()} không còn vai trò nào trong trường.")
        if any(m.role == Role.PRINCIPAL for m in held):
            require(can_assign_school_role(by, school, Role.PRINCIPAL), ASSIGN_PRINCIPAL_REFUSAL)
            if not _other_principals(school, excluding=person):
                raise Invalid(LAST_PRINCIPAL_MESSAGE)
        for membership in held:
            _end(membership, today)
        if not Membership.objects.in_force().filter(user=person).exists():
            _stop_account(person)
    else:
        require(can_manage_account(by, person), MANAGE_OFFICE_PEOPLE_REFUSAL)
        if not person.is_active:
            raise Invalid(f"Tài khoản của {person.get_full_name()} đã ngừng.")
        _stop_account(person)
    record_office_event(
        "account.deactivated",
        person,
        user=by,
        summary=f"{person.get_full_name()} ({person.username}): {reason}",
        after={**_account_scope(by, person, school), "reason": reason, "is_active": person.is_active},
    )
    return person


@transaction.atomic
def reactivate_person(person: User, *, by, school=None) -> User:
    """A person comes back: in a school, as its staff from today (other roles are given again one by
    one); on the office's host, the account opens again with the roles it still holds."""
    if school is not None:
        require(can_manage_school_people(by, school), MANAGE_PEOPLE_REFUSAL)
        if not Membership.objects.filter(user=person, school=school).exists():
            raise Invalid(f"{person.get_full_name()} chưa từng làm việc ở trường.")
        if _holds_role_in(person, school) and person.is_active:
            raise Invalid(f"{person.get_full_name()} đang làm việc ở trường.")
        # A stopped account whose roles are still open was stopped by the office (a school's stop ends
        # the roles first): only the office may open it again, never a principal from below.
        if not person.is_active and Membership.objects.in_force().filter(user=person).exists():
            raise Refused(OFFICE_STOPPED_REFUSAL)
        if not _holds_role_in(person, school):
            Membership.objects.create(user=person, school=school, role=Role.STAFF)
    else:
        require(can_manage_account(by, person), MANAGE_OFFICE_PEOPLE_REFUSAL)
    if person.is_active and school is None:
        raise Invalid(f"Tài khoản của {person.get_full_name()} đang hoạt động.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    record_office_event(
        "account.reactivated",
        person,
        user=by,
        summary=f"{person.get_full_name()} ({person.username})",
        after=_account_scope(by, person, school),
    )
    return person


@transaction.atomic
def assign_school_role(person: User, school, role: str, *, by, unit: str = "") -> Membership:
    """The principal gives a person of the school one of its roles (vice principal, council secretary,
    head of a department); the office may also appoint the principal."""
    if role in OFFICE_ROLES:
        raise Refused("Vai trò của cơ quan quản lý không giao được trong trường.")
    if role not in SCHOOL_ROLES:
        raise Invalid("Vai trò không hợp lệ.")
    require(
        can_assign_school_role(by, school, role),
        ASSIGN_PRINCIPAL_REFUSAL if role == Role.PRINCIPAL else MANAGE_PEOPLE_REFUSAL,
    )
    if not person.is_active:
        raise Invalid(f"Tài khoản của {person.get_full_name()} đã ngừng: hãy mở lại trước.")
    # The office may appoint somebody who does not work at the school yet (a new principal).
    if not _holds_role_in(person, school) and not oversees_school(by, school):
        raise Invalid(f"{person.get_full_name()} không phải người của trường.")
    unit = (unit or "").strip()
    if role == Role.DEPARTMENT_HEAD and not unit:
        raise Invalid("Hãy ghi tên tổ mà người này làm tổ trưởng.")
    if Membership.objects.in_force().filter(user=person, school=school, role=role).exists():
        raise Invalid(f"{person.get_full_name()} đã giữ vai trò {Role(role).label}.")
    membership = Membership.objects.create(
        user=person, school=school, role=role, unit=unit if role == Role.DEPARTMENT_HEAD else ""
    )
    _record_membership("membership.granted", membership, by)
    return membership


@transaction.atomic
def assign_office_role(person: User, authority, role: str, *, by) -> Membership:
    if role not in OFFICE_ROLES:
        raise Refused("Chỉ vai trò của cơ quan quản lý được giao ở đây.")
    require(can_assign_office_role(by, authority), ASSIGN_OFFICE_ROLE_REFUSAL)
    if not person.is_active:
        raise Invalid(f"Tài khoản của {person.get_full_name()} đã ngừng: hãy mở lại trước.")
    if Membership.objects.in_force().filter(user=person, authority=authority, role=role).exists():
        raise Invalid(f"{person.get_full_name()} đã giữ vai trò {Role(role).label}.")
    membership = Membership.objects.create(user=person, authority=authority, role=role)
    _record_membership("membership.granted", membership, by)
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, by) -> Membership:
    """A role ends today; the membership stays as history of who held it when."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "school")
        .get(pk=membership.pk)
    )
    if membership.ends_on is not None and membership.ends_on <= timezone.localdate():
        raise Invalid("Vai trò này đã thôi.")
    if membership.school_id is not None:
        require(
            can_assign_school_role(by, membership.school, membership.role),
            ASSIGN_PRINCIPAL_REFUSAL if membership.role == Role.PRINCIPAL else MANAGE_PEOPLE_REFUSAL,
        )
        if membership.role == Role.PRINCIPAL and not _other_principals(
            membership.school, excluding=membership.user
        ):
            raise Invalid(LAST_PRINCIPAL_MESSAGE)
    else:
        require(can_assign_office_role(by, membership.authority), ASSIGN_OFFICE_ROLE_REFUSAL)
        if membership.user_id == getattr(by, "pk", None) and membership.role == Role.OFFICE_HEAD:
            raise Invalid("Lãnh đạo phòng không tự thôi vai trò của mình: hãy nhờ lãnh đạo khác.")
    before = _membership_state(membership)
    _end(membership, timezone.localdate())
    _record_membership("membership.ended", membership, by, before=before)
    return membership


def _end(membership: Membership, day) -> None:
    # Started today and ended today: it never counted, and ends_on == starts_on says so.
    membership.ends_on = max(day, membership.starts_on)
    membership.save(update_fields=["ends_on"])


def _record_membership(action: str, membership: Membership, by, *, before=None) -> None:
    place = membership.school or membership.authority
    label = Role(membership.role).label + (f" {membership.unit}" if membership.unit else "")
    record_office_event(
        action,
        membership.user,
        user=by,
        summary=f"{membership.user.get_full_name()}: {label} – {place}",
        before=before,
        after={**_scope(membership.school, membership.authority), **_membership_state(membership)},
    )
