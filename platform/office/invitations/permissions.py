"""Who may invite whom, declared once (DESIGN.md §4); the services check these before they write.

The choice made: the office (specialist or head) invites a school's principal for any school in its
reach, and colleagues into an office where it works itself; inside a school, the principal invites
vice principals, the council secretary and staff (the roles they assign, but a department head, who is
named with their department on the role page), and the other managers (vice principal, council
secretary: the people who keep the staff register) invite staff only. Nobody in a school invites an
office role, and nobody invites a principal but the office."""

from office.accounts.models import OFFICE_ROLES, PRINCIPAL_ASSIGNED_ROLES, SCHOOL_MANAGER_ROLES, Role
from office.accounts.permissions import oversees_school
from office.accounts.selectors import office_memberships, school_roles

INVITE_PRINCIPAL_REFUSAL = "Chỉ chuyên viên, lãnh đạo cơ quan quản lý trường này được mời hiệu trưởng."
INVITE_OFFICE_REFUSAL = "Chỉ người đang công tác tại cơ quan này được mời đồng nghiệp vào cơ quan."
INVITE_STAFF_REFUSAL = (
    "Hiệu trưởng mời được Phó Hiệu trưởng, thư ký Hội đồng và cán bộ; Phó Hiệu trưởng, thư ký Hội đồng "
    "mời được cán bộ, giáo viên. Vai trò của cơ quan quản lý và hiệu trưởng không mời được từ trường."
)
MANAGE_INVITATION_REFUSAL = "Bạn không quản lý lời mời này."

# The roles a school member may give, by their own role.
_GRANTABLE_BY = {
    # A department head is named on the role page, with the department they lead (office.accounts).
    Role.PRINCIPAL: set(PRINCIPAL_ASSIGNED_ROLES) - {Role.DEPARTMENT_HEAD},
    Role.VICE_PRINCIPAL: {Role.STAFF},
    Role.COUNCIL_SECRETARY: {Role.STAFF},
}


def can_invite_principal(user, school) -> bool:
    """An office member whose offices' subtree holds the school's authority (accounts' one rule)."""
    return oversees_school(user, school)


def can_invite_to_office(user, authority, role) -> bool:
    """An office member of `authority` itself invites colleagues there, with an office role."""
    if user is None or not user.is_authenticated or authority is None or role not in OFFICE_ROLES:
        return False
    return office_memberships(user).filter(authority=authority).exists()


def school_roles_grantable(user, school) -> list[str]:
    """The school roles `user` may invite people to in `school`, in the order of Role."""
    held = school_roles(user, school)
    grantable: set[str] = set()
    for role in held & set(SCHOOL_MANAGER_ROLES):
        grantable |= _GRANTABLE_BY.get(Role(role), set())
    return [role for role in Role.values if role in grantable]


def can_invite_to_school(user, school, role) -> bool:
    """A school member inviting someone to `role` in their own school (see the module's note)."""
    return role in school_roles_grantable(user, school)


def can_manage_invitation(user, invitation) -> bool:
    """Who may list, resend, revoke or print an invitation: whoever could have made it."""
    if invitation.authority_id is not None:
        return can_invite_to_office(user, invitation.authority, invitation.role)
    if invitation.role == Role.PRINCIPAL:
        return can_invite_principal(user, invitation.school)
    return can_invite_to_school(user, invitation.school, invitation.role) or can_invite_principal(
        user, invitation.school
    )
