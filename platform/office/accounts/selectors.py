"""Who may act where. Every membership check of the platform goes through these functions."""

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from office.accounts.models import (
    OFFICE_ROLES,
    SCHOOL_MANAGER_ROLES,
    SCHOOL_SIGNER_ROLES,
    Membership,
    Role,
    User,
)
from office.audit.models import AuditEvent
from office.authorities.models import Authority
from office.authorities.selectors import authority_subtree_ids, in_force_on
from office.core.collation import by_name, by_person, vietnamese_key
from tenants.models import School
from tenants.schemas import in_public

# The account log's actions (office.accounts.services).
ACCOUNT_ACTIONS = (
    "account.password_set",
    "account.deactivated",
    "account.reactivated",
    "membership.granted",
    "membership.ended",
)


def memberships_of(user: User) -> QuerySet[Membership]:
    """The person's memberships in force today: an ended one gives no right anywhere."""
    return Membership.objects.in_force().filter(user=user).select_related("school", "authority")


def school_roles(user: User | None, school) -> set[str]:
    """The user's roles in `school`, cached on the user object for the length of the request. No
    person (code acting for the system) holds no role, so permission predicates can ask about None."""
    if user is None or not user.is_authenticated or school is None:
        return set()
    cache = user.__dict__.setdefault("_school_roles_cache", {})
    if school.pk not in cache:
        cache[school.pk] = set(
            Membership.objects.in_force()
            .filter(user=user, school_id=school.pk)
            .values_list("role", flat=True)
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
    return sorted(
        (a for a in office_authorities(user) if in_force_on(a, on)), key=lambda a: vietnamese_key(a.name)
    )


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
    in_force = Membership.objects.in_force().filter(user=user, school__isnull=False)
    return School.objects.filter(pk__in=in_force.values("school_id")).order_by(by_name(), "pk")


def schools_under_offices_of(user: User):
    """Schools in the subtree of every office where the user holds an office role."""
    authority_ids: set[int] = set()
    for authority in office_authorities(user):
        authority_ids.update(authority_subtree_ids(authority))
    return (
        School.objects.filter(authority_id__in=authority_ids)
        .select_related("authority")
        .order_by(by_name(), "pk")
    )


def active_school_member(user_id: int, school) -> User | None:
    """The account `user_id` if it is active and holds a role in `school` today; None otherwise (a
    deactivated person, an ended membership, another school's person)."""
    in_force = Membership.objects.in_force().filter(school=school, user_id=user_id)
    return User.objects.filter(pk=user_id, is_active=True, pk__in=in_force.values("user_id")).first()


def members_with_roles(school: School, roles) -> QuerySet[User]:
    """People holding any of `roles` in `school`."""
    in_force = Membership.objects.in_force().filter(school=school, role__in=list(roles))
    return User.objects.filter(pk__in=in_force.values("user_id"), is_active=True)


def people_of_school(school) -> QuerySet[User]:
    """Everyone who holds or held a role in `school`, with all their memberships there (in force and
    ended) prefetched as `school_memberships`: the school's account list, in a fixed number of queries."""
    return (
        User.objects.filter(pk__in=Membership.objects.filter(school=school).values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(school=school).order_by("-starts_on", "pk"),
                to_attr="place_memberships",
            )
        )
        .order_by(*by_person(), "username")
    )


def people_of_offices(authority_ids) -> QuerySet[User]:
    """Everyone who holds or held an office role in the authorities `authority_ids`, with those
    memberships prefetched as `place_memberships`."""
    memberships = Membership.objects.filter(authority_id__in=list(authority_ids))
    return (
        User.objects.filter(pk__in=memberships.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=memberships.select_related("authority").order_by("-starts_on", "pk"),
                to_attr="place_memberships",
            )
        )
        .order_by(*by_person(), "username")
    )


def principals_of_schools(authority_ids) -> QuerySet[Membership]:
    """The principals (in force) of the schools under `authority_ids`: whose accounts the office keeps."""
    return (
        Membership.objects.in_force()
        .filter(role=Role.PRINCIPAL, school__authority_id__in=list(authority_ids))
        .select_related("user", "school")
        .order_by(by_name("school__name"), *by_person("user__full_name"), "pk")
    )


def membership_in_force(membership: Membership, on=None) -> bool:
    on = on or timezone.localdate()
    return membership.starts_on <= on and (membership.ends_on is None or membership.ends_on > on)


def account_events(*, school=None, authority_ids=()) -> QuerySet[AuditEvent]:
    """The account log (audit events of accounts and roles) of one school, or of the offices
    `authority_ids` and every school under them. The events live in the public schema, and a school's
    schema has an audit table of the same name that shadows it: evaluate on public (account_log_page)."""
    events = AuditEvent.objects.filter(action__in=ACCOUNT_ACTIONS).select_related("user")
    if school is not None:
        return events.filter(after__school=school.code)
    codes = list(School.objects.filter(authority_id__in=list(authority_ids)).values_list("code", flat=True))
    return events.filter(Q(after__school__in=codes) | Q(after__authority__in=list(authority_ids)))


def account_log_page(*, school=None, authority_ids=(), page_number=None, per_page: int = 50) -> Page:
    """One page of the account log, read on the public schema whatever host asked."""
    with in_public():
        page = Paginator(account_events(school=school, authority_ids=authority_ids), per_page).get_page(
            page_number
        )
        page.object_list = list(page.object_list)
    return page
