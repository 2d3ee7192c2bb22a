"""Who may act where. Every membership check of the platform goes through these functions."""

from django.db.models import QuerySet
from django.utils import timezone

from office.accounts.models import OFFICE_ROLES, SCHOOL_MANAGER_ROLES, SCHOOL_SIGNER_ROLES, Membership, User
from office.authorities.models import Authority
from office.authorities.selectors import authority_subtree_ids, in_force_on
from tenants.models import School


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("school", "authority")


def school_roles(user: User | None, school) -> set[str]:
    """The user's roles in `school`, cached on the user object for the length of the request. No
    person (code acting for the system) holds no role, so permission predicates can ask about None."""
    if user is None or not user.is_authenticated or school is None:
        return set()
    cache = user.__dict__.setdefault("_school_roles_cache", {})
    if school.pk not in cache:
        cache[school.pk] = set(
            Membership.objects.filter(user=user, school_id=school.pk).values_list("role", flat=True)
        )
    return cache[school.pk]


def has_school_membership(user: User, school) -> bool:
    return bool(school_roles(user, school))


def is_school_manager(user: User, school) -> bool:
    return bool(school_roles(user, school) & set(SCHOOL_MANAGER_ROLES))


def can_sign_for_school(user: User, school) -> bool:
    """Whether the user may issue the school's documents: its head or a deputy signing "KT."."""
    return bool(school_roles(user, school) & set(SCHOOL_SIGNER_ROLES))


def office_memberships(user: User) -> QuerySet[Membership]:
    return memberships_of(user).filter(authority__isnull=False, role__in=OFFICE_ROLES)


def office_authorities(user: User) -> list[Authority]:
    if not user.is_authenticated:
        return []
    return [m.authority for m in office_memberships(user)]


def offices_in_force(user: User, on=None) -> list[Authority]:
    """The person's offices that exist on `on` (today by default), by name: those that take new work
    (a deadline, a cluster, a rubric); the first is the default where nobody chose."""
    on = on or timezone.localdate()
    return sorted((a for a in office_authorities(user) if in_force_on(a, on)), key=lambda a: a.name)


def chosen_office(user: User, chosen=None) -> Authority | None:
    """The office the person chose (an id from a form or a request) among their offices in force, the
    first of them when nothing was chosen; None when the choice is not theirs or they have none."""
    offices = offices_in_force(user)
    if chosen in (None, ""):
        return offices[0] if offices else None
    return next((office for office in offices if str(office.pk) == str(chosen)), None)


def is_office_member(user: User) -> bool:
    return user.is_authenticated and office_memberships(user).exists()


def schools_of_user(user: User):
    """Schools where the user holds a school role."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(memberships__user=user).distinct().order_by("name")


def schools_under_offices_of(user: User):
    """Schools in the subtree of every office where the user holds an office role."""
    authority_ids: set[int] = set()
    for authority in office_authorities(user):
        authority_ids.update(authority_subtree_ids(authority))
    return School.objects.filter(authority_id__in=authority_ids).select_related("authority").order_by("name")


def members_with_roles(school: School, roles) -> QuerySet[User]:
    """People holding any of `roles` in `school`."""
    return User.objects.filter(
        memberships__school=school, memberships__role__in=list(roles), is_active=True
    ).distinct()
