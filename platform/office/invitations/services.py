"""Writes on invitations: inviting (one person or a whole filtered list), sending the mail, sending
again, revoking, printing new codes, and accepting. Each checks office.invitations.permissions first
and writes in one transaction with its audit record; a refused request changes nothing."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from office.accounts.models import OFFICE_ROLES, SCHOOL_ROLES, Role, User
from office.accounts.services import grant_office_role, grant_school_role
from office.audit.services import record_office_event
from office.core.collation import by_person
from office.core.errors import Invalid, require
from office.core.text import search_key, single_spaced
from office.invitations import permissions
from office.invitations.models import Invitation
from office.invitations.selectors import (
    CODE_ALPHABET,
    account_for_invitation,
    normalise_phone,
    secret_hash,
)

EXPIRY = timedelta(days=14)
CODE_LENGTH = 8

UNUSABLE_MESSAGES = {
    Invitation.State.ACCEPTED: "Lời mời này đã được dùng. Nếu đó là bạn, hãy đăng nhập bằng tài khoản đã tạo.",
    Invitation.State.EXPIRED: "Lời mời này đã hết hạn. Hãy nhờ người mời gửi lại lời mời mới.",
    Invitation.State.REVOKED: "Lời mời này đã bị thu hồi. Hãy liên hệ người mời nếu bạn cho rằng có nhầm lẫn.",
}
NOT_FOUND_MESSAGE = (
    "Không tìm thấy lời mời: liên kết hoặc mã không đúng, hoặc không thuộc trường (cơ quan) này. "
    "Hãy kiểm tra lại đường dẫn trong thư hoặc mã trên phiếu mời."
)


class InvitationUnusable(Invalid):
    """The link or code opens nothing: forged, for another place, used, revoked or expired."""


@dataclass(frozen=True)
class Issued:
    """An invitation with the secrets just made for it: they exist only here, never in the database."""

    invitation: Invitation
    token: str
    code: str

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


@dataclass
class BatchResult:
    issued: list[Issued] = field(default_factory=list)
    already_pending: int = 0
    with_account: int = 0


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _give_secrets(invitation: Invitation) -> tuple[str, str]:
    token, code = secrets.token_urlsafe(32), _new_code()
    invitation.token_hash = secret_hash(token)
    invitation.code_hash = secret_hash(code)
    invitation.expires_at = timezone.now() + EXPIRY
    return token, code


def _clean_contact(full_name: str, email: str, phone: str) -> tuple[str, str, str]:
    full_name = single_spaced(full_name)
    if not full_name:
        raise Invalid("Hãy nhập họ và tên người được mời.")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Invalid(f"Địa chỉ thư điện tử “{email}” không hợp lệ.") from exc
    phone = normalise_phone(phone)
    if phone and not 9 <= len(phone) <= 11:
        raise Invalid(f"Số điện thoại “{phone}” không hợp lệ (9–11 chữ số).")
    return full_name, email, phone


def _make(**fields) -> Issued:
    invitation = Invitation(**fields)
    token, code = _give_secrets(invitation)
    invitation.save()
    return Issued(invitation, token, code)


def _audit(action: str, invitation: Invitation, user, summary: str = "") -> None:
    record_office_event(
        action,
        invitation,
        user=user,
        summary=summary or f"{invitation.full_name} – {invitation.get_role_display()} – {invitation.place}",
        after={"state": invitation.state, "role": invitation.role, "staff_id": invitation.staff_id},
    )


@transaction.atomic
def invite_principal(*, school, full_name: str, email: str = "", phone: str = "", user) -> Issued:
    """The office invites the principal of a school in its reach."""
    require(permissions.can_invite_principal(user, school), permissions.INVITE_PRINCIPAL_REFUSAL)
    full_name, email, phone = _clean_contact(full_name, email, phone)
    issued = _make(
        school=school, role=Role.PRINCIPAL, full_name=full_name, email=email, phone=phone, created_by=user
    )
    _audit("invitation.created", issued.invitation, user)
    return issued


@transaction.atomic
def invite_to_office(
    *, authority, role: str, full_name: str, email: str = "", phone: str = "", user, by_operator: bool = False
) -> Issued:
    """An office member invites a colleague into their own office. `by_operator=True` is for the
    server's create_office command only: the first person of a new office has nobody to invite them."""
    if by_operator:
        if role not in OFFICE_ROLES:
            raise Invalid("Vai trò không dùng được ở cơ quan quản lý.")
    else:  # the predicate also refuses a role that is not an office's
        require(permissions.can_invite_to_office(user, authority, role), permissions.INVITE_OFFICE_REFUSAL)
    full_name, email, phone = _clean_contact(full_name, email, phone)
    issued = _make(
        authority=authority, role=role, full_name=full_name, email=email, phone=phone, created_by=user
    )
    _audit("invitation.created", issued.invitation, user)
    return issued


def _open_for_staff(school, staff_ids) -> dict[int, Invitation]:
    return {
        invitation.staff_id: invitation
        for invitation in Invitation.objects.select_for_update(of=("self",)).filter(
            school_id=school.pk,
            staff_id__in=list(staff_ids),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
    }


@transaction.atomic
def invite_staff(
    *, school, staff_id: int, full_name: str, role: str = Role.STAFF, email: str = "", phone: str = "", user
) -> Issued:
    """Invite one person of the school's register. An expired invitation of theirs is replaced by
    this one; a waiting one is refused (send it again or revoke it instead)."""
    if role not in SCHOOL_ROLES:
        raise Invalid("Từ trường chỉ mời được vào các vai trò của trường.")
    require(permissions.can_invite_to_school(user, school, role), permissions.INVITE_STAFF_REFUSAL)
    full_name, email, phone = _clean_contact(full_name, email, phone)
    earlier = _open_for_staff(school, [staff_id]).get(staff_id)
    if earlier is not None:
        if earlier.state == Invitation.State.PENDING:
            raise Invalid(
                f"{earlier.full_name} đã có lời mời đang chờ (hết hạn {timezone.localtime(earlier.expires_at):%d/%m/%Y}): "
                "hãy gửi lại hoặc thu hồi lời mời đó."
            )
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
    issued = _make(
        school=school,
        role=role,
        staff_id=staff_id,
        full_name=full_name,
        email=email,
        phone=phone,
        created_by=user,
    )
    _audit("invitation.created", issued.invitation, user)
    return issued


@transaction.atomic
def invite_staff_batch(*, school, people: Iterable[tuple[int, str, bool]], user) -> BatchResult:
    """Invite, as staff, everyone given as (staff id, full name, has an account): all at once, in one
    transaction. People with an account already, or with an invitation still waiting, are counted and
    left alone; an expired invitation is replaced."""
    require(permissions.can_invite_to_school(user, school, Role.STAFF), permissions.INVITE_STAFF_REFUSAL)
    result = BatchResult()
    people = list(people)
    open_ = _open_for_staff(school, [staff_id for staff_id, _, _ in people])
    now = timezone.now()
    replaced, fresh = [], []
    for staff_id, full_name, has_account in people:
        if has_account:
            result.with_account += 1
            continue
        earlier = open_.get(staff_id)
        if earlier is not None and earlier.expires_at > now:
            result.already_pending += 1
            continue
        if earlier is not None:
            earlier.revoked_at = now
            replaced.append(earlier)
        invitation = Invitation(
            school=school,
            role=Role.STAFF,
            staff_id=staff_id,
            full_name=single_spaced(full_name),
            created_by=user,
        )
        token, code = _give_secrets(invitation)
        fresh.append(Issued(invitation, token, code))
    Invitation.objects.bulk_update(replaced, ["revoked_at"])
    Invitation.objects.bulk_create([issued.invitation for issued in fresh])
    result.issued = fresh
    if fresh:
        record_office_event(
            "invitation.batch_created",
            None,
            user=user,
            summary=f"{school.name}: mời {len(fresh)} cán bộ, giáo viên",
            after={
                "school": school.code,
                "count": len(fresh),
                "staff_ids": [i.invitation.staff_id for i in fresh],
            },
        )
    return result


def send_invitation_mail(issued: Issued, *, accept_url: str) -> bool:
    """Mail the link to the invited person through Django's mail backend; False without an address."""
    invitation = issued.invitation
    if not invitation.email:
        return False
    place = invitation.place
    expires = timezone.localtime(invitation.expires_at)
    body = "\n".join(
        [
            f"Kính gửi {invitation.full_name},",
            "",
            f"Bạn được mời tham gia {place} trên hệ thống Thi đua – Khen thưởng với vai trò "
            f"{invitation.get_role_display()}.",
            "",
            "Mở liên kết sau để đặt mật khẩu và bắt đầu sử dụng:",
            accept_url,
            "",
            f"Hoặc vào trang “Nhận lời mời” và nhập mã: {issued.code_display}",
            "",
            f"Liên kết dùng được một lần, đến hết {expires:%H:%M ngày %d/%m/%Y}.",
            "Nếu bạn không chờ lời mời này, hãy bỏ qua thư.",
        ]
    )
    send_mail(
        f"Lời mời tham gia {place} – Thi đua, Khen thưởng",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )
    invitation.sent_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.sent_at)
    return True


def _require_open(invitation: Invitation, user) -> None:
    require(permissions.can_manage_invitation(user, invitation), permissions.MANAGE_INVITATION_REFUSAL)
    if not invitation.is_open:
        raise Invalid(
            f"Lời mời của {invitation.full_name} đã {invitation.state_label.lower()}, không gửi lại được."
        )


@transaction.atomic
def reissue(invitation: Invitation, *, user) -> Issued:
    """New link, new code and 14 more days; the old link and code stop working."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("school", "authority")
        .get(pk=invitation.pk)
    )
    _require_open(invitation, user)
    token, code = _give_secrets(invitation)
    invitation.save(update_fields=["token_hash", "code_hash", "expires_at"])
    _audit("invitation.resent", invitation, user)
    return Issued(invitation, token, code)


@transaction.atomic
def print_codes(invitations: Iterable[Invitation], *, user) -> list[Issued]:
    """New short codes for a printed sheet (only hashes are kept, so printing again makes new ones and
    the earlier sheet stops working); the mailed links keep working. Waiting ones only."""
    ids = [invitation.pk for invitation in invitations]
    locked = list(
        Invitation.objects.select_for_update(of=("self",))
        .select_related("school", "authority")
        .filter(pk__in=ids)
        .order_by(*by_person(), "pk")
    )
    issued = []
    for invitation in locked:
        require(permissions.can_manage_invitation(user, invitation), permissions.MANAGE_INVITATION_REFUSAL)
        if invitation.state != Invitation.State.PENDING:
            continue
        code = _new_code()
        invitation.code_hash = secret_hash(code)
        issued.append(Issued(invitation, "", code))
    Invitation.objects.bulk_update([i.invitation for i in issued], ["code_hash"])
    if issued:
        record_office_event(
            "invitation.codes_printed",
            None,
            user=user,
            summary=f"In phiếu mời cho {len(issued)} người",
            after={"ids": [i.invitation.pk for i in issued]},
        )
    return issued


@transaction.atomic
def revoke(invitation: Invitation, *, user) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("school", "authority")
        .get(pk=invitation.pk)
    )
    require(permissions.can_manage_invitation(user, invitation), permissions.MANAGE_INVITATION_REFUSAL)
    if invitation.accepted_at is not None:
        raise Invalid(
            f"{invitation.full_name} đã nhận lời mời; hãy đổi vai trò ở trang phân quyền thay vì thu hồi."
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = user
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        _audit("invitation.revoked", invitation, user)
    return invitation


# --- Accepting -----------------------------------------------------------------------------------------


def check_usable(invitation: Invitation | None) -> Invitation:
    """The invitation if it can still be accepted; otherwise InvitationUnusable saying why."""
    if invitation is None:
        raise InvitationUnusable(NOT_FOUND_MESSAGE)
    state = invitation.state
    if state != Invitation.State.PENDING:
        raise InvitationUnusable(UNUSABLE_MESSAGES[state])
    return invitation


def suggested_username(invitation: Invitation) -> str:
    """A login name for a new account: the e-mail, else the phone, else the name without diacritics
    and the school's code ("nguyenthian.lequydon"), made unique with a number."""
    if invitation.email:
        base = invitation.email.lower()
    elif invitation.phone:
        base = invitation.phone
    else:
        place = invitation.school.code if invitation.school_id else invitation.authority.code
        base = f"{''.join(ch for ch in search_key(invitation.full_name) if ch.isalnum())}.{place}"[:140]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _grant(invitation: Invitation, account: User) -> None:
    if invitation.school_id is not None:
        grant_school_role(account, invitation.school, invitation.role)
    else:
        grant_office_role(account, invitation.authority, invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit("invitation.accepted", invitation, account)


def _lock_usable(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("school", "authority")
        .filter(pk=invitation.pk)
        .first()
    )
    return check_usable(locked)


# Django's validators decide; their Vietnamese catalogue lacks some messages (the plural of "too
# short"), so the usual ones are said here by their code.
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống tên đăng nhập hoặc họ tên.",
}


def _password_errors(password: str, password2: str, user: User) -> list[str]:
    if password != password2:
        return ["Hai lần nhập mật khẩu không khớp nhau."]
    with translation.override("vi"):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            return [
                PASSWORD_MESSAGES[error.code].format(**(error.params or {}))
                if error.code in PASSWORD_MESSAGES
                else " ".join(error.messages)
                for error in exc.error_list
            ]
    return []


@transaction.atomic
def accept_with_new_account(invitation: Invitation, *, username: str, password: str, password2: str) -> User:
    """Create the invited person's account with the password they chose, and give them the role."""
    invitation = _lock_usable(invitation)
    if account_for_invitation(invitation) is not None:
        raise Invalid("Bạn đã có tài khoản trên hệ thống: hãy đăng nhập bằng tài khoản đó để nhận lời mời.")
    username = (username or "").strip()
    user = User(username=username, full_name=invitation.full_name, email=invitation.email)
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise Invalid(
            "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các ký tự @ . + - _ (tối đa 150 ký tự)."
        ) from exc
    if not username:
        raise Invalid("Hãy nhập tên đăng nhập.")
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid(f"Tên đăng nhập “{username}” đã có người dùng, hãy chọn tên khác.")
    errors = _password_errors(password, password2, user)
    if errors:
        raise Invalid(" ".join(errors))
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise Invalid(f"Tên đăng nhập “{username}” đã có người dùng, hãy chọn tên khác.") from exc
    _grant(invitation, user)
    return user


@transaction.atomic
def accept_as(invitation: Invitation, *, account: User) -> User:
    """Give the role to an account the person already has (signed in, or proven by its password):
    a new membership, never a second account."""
    invitation = _lock_usable(invitation)
    if account is None or not account.is_active:
        raise Invalid("Tài khoản này không còn hoạt động.")
    if invitation.school_id is None and invitation.role not in OFFICE_ROLES:
        raise Invalid("Lời mời không hợp lệ.")
    _grant(invitation, account)
    return account
