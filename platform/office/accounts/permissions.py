from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from office.accounts.models import PRINCIPAL_ASSIGNED_ROLES, SCHOOL_ROLES, Membership, Role
from office.accounts.selectors import (
    has_school_membership,
    is_office_member,
    is_school_manager,
    office_memberships,
    school_roles,
)
from office.authorities.selectors import subtree_ids_of


class IsMemberOfHost(BasePermission):
    """The API's default rule: on a school's host, only that school's members; on the office's host,
    only office staff. A non-member of a school is answered 404, never 403, so that another
    school's existence and data are not revealed (DESIGN.md §6)."""

    message = "Bạn không có quyền truy cập dữ liệu này."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        school = getattr(request, "school", None)
        if school is not None:
            if not has_school_membership(user, school):
                raise NotFound("Không tìm thấy.")
            return True
        return is_office_member(user)


class IsSchoolManagerOrReadOnly(BasePermission):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng được sửa danh sách này."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_school_manager(request.user, request.school)


# --- Who manages whose account and roles (named predicates, checked by office.accounts.services) ------

MANAGE_PEOPLE_REFUSAL = "Chỉ Hiệu trưởng của trường (hoặc cơ quan quản lý trường) được quản lý tài khoản, vai trò của người trong trường."
OUTSIDE_PERSON_REFUSAL = (
    "Hiệu trưởng chỉ đặt mật khẩu cho người chỉ làm việc ở trường mình; người còn vai trò ở nơi khác "
    "(hoặc là Hiệu trưởng) do cơ quan quản lý đặt."
)
MANAGE_OFFICE_PEOPLE_REFUSAL = (
    "Chỉ cán bộ của cơ quan quản lý được quản lý tài khoản của người thuộc cơ quan."
)
ASSIGN_OFFICE_ROLE_REFUSAL = "Chỉ Lãnh đạo phòng được giao, thôi giao vai trò của cơ quan quản lý."
ASSIGN_PRINCIPAL_REFUSAL = "Chỉ cơ quan quản lý được giao, thôi giao vai trò Hiệu trưởng."
SEE_ACCOUNT_LOG_REFUSAL = (
    "Chỉ Ban giám hiệu, thư ký Hội đồng TĐKT và cơ quan quản lý được xem nhật ký tài khoản."
)


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


def office_reach_ids(user, roles=None) -> set[int]:
    """Ids of the authorities at or below the user's offices (those where they hold `roles`)."""
    if not _authenticated(user):
        return set()
    memberships = office_memberships(user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return subtree_ids_of([m.authority for m in memberships])


def oversees_school(user, school) -> bool:
    """An office member whose office has the school in its subtree."""
    return school is not None and school.authority_id in office_reach_ids(user)


def is_principal_of(user, school) -> bool:
    return Role.PRINCIPAL in school_roles(user, school)


def can_manage_school_people(user, school) -> bool:
    """The principal keeps the accounts of the school's people (passwords, leaving, returning, roles);
    the office over the school may do the same (a principal's own account is the office's to keep)."""
    return _authenticated(user) and (is_principal_of(user, school) or oversees_school(user, school))


def can_set_password_in_school(user, school, person) -> bool:
    """A password opens every door of the account, so the principal sets one only for somebody who
    works at this school alone and is not a principal; anybody else's is the office's to set (a
    principal must never be able to sign in as an office specialist who also teaches at the school)."""
    if not can_manage_school_people(user, school) or person.pk == user.pk:
        return False
    places = list(Membership.objects.in_force().filter(user=person).values_list("school_id", "role"))
    if not places or any(school_id != school.pk for school_id, _ in places):
        return False
    return oversees_school(user, school) or all(role != Role.PRINCIPAL for _, role in places)


def can_assign_school_role(user, school, role: str) -> bool:
    """The principal hands out the school's roles below their own; appointing a principal is the office's."""
    if role not in SCHOOL_ROLES:
        return False
    if oversees_school(user, school):
        return True
    return role in PRINCIPAL_ASSIGNED_ROLES and is_principal_of(user, school)


def can_assign_office_role(user, authority) -> bool:
    """The head of an office names its heads and specialists (in their office and the offices below)."""
    return authority is not None and authority.pk in office_reach_ids(user, roles=[Role.OFFICE_HEAD])


def can_manage_office_people(user, authority) -> bool:
    return authority is not None and authority.pk in office_reach_ids(user)


def can_manage_account(user, person) -> bool:
    """Whether `user` may set the password of, deactivate or reactivate the whole account of `person`:
    an office member whose reach covers every place where the person holds (or last held) a role, so one
    office never locks out somebody who also works elsewhere. Nobody manages their own account so."""
    if not _authenticated(user) or person.pk == user.pk:
        return False
    reach = office_reach_ids(user)
    if not reach:
        return False
    places = list(
        Membership.objects.filter(user=person).values_list("school__authority_id", "authority_id").distinct()
    )
    return bool(places) and all((school_auth or auth) in reach for school_auth, auth in places)


def can_see_account_log(user, school) -> bool:
    if school is None:
        return is_office_member(user) if _authenticated(user) else False
    return is_school_manager(user, school) or oversees_school(user, school)
