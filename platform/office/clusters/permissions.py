"""Who may see and do what with clusters, declared once and asked by pages, the API and services.

The office staff manage the clusters of the authorities in their offices' subtrees. A cluster's leader
is a django-guardian grant (`clusters.lead_cluster`) on that one cluster to the leader school's
principal(s), nothing more (issue 5). A school acts on its own seat only, on its own host."""

from guardian.shortcuts import get_objects_for_user

from office.accounts.models import Role
from office.accounts.selectors import office_authorities, office_memberships, school_roles
from office.authorities.selectors import authority_subtree_ids
from office.clusters.models import Cluster

LEAD_CLUSTER = "clusters.lead_cluster"


def office_authority_ids(user) -> set[int]:
    """Every authority in the subtree of the offices where the user works, cached for the request."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_cluster_authority_ids", None)
    if cache is None:
        cache = set()
        for authority in office_authorities(user):
            cache.update(authority_subtree_ids(authority))
        user.__dict__["_cluster_authority_ids"] = cache
    return cache


def managed_clusters(user):
    return Cluster.objects.filter(authority_id__in=office_authority_ids(user))


def led_clusters(user):
    """An object grant on the cluster itself: global grants and superuser status do not count, so a
    leader never reaches a cluster by any other way than its own grant."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    return get_objects_for_user(
        user, LEAD_CLUSTER, klass=Cluster, accept_global_perms=False, with_superuser=False
    )


def visible_clusters(user):
    """Clusters the user manages (office) or leads (guardian grant)."""
    return Cluster.objects.filter(pk__in=managed_clusters(user).values("pk")) | Cluster.objects.filter(
        pk__in=led_clusters(user).values("pk")
    )


def manages_cluster(user, cluster: Cluster) -> bool:
    return cluster.authority_id in office_authority_ids(user)


def leads_cluster(user, cluster: Cluster) -> bool:
    return bool(user.is_authenticated and user.has_perm(LEAD_CLUSTER, cluster))


def is_office_head_of(user, cluster: Cluster) -> bool:
    """Unapproving is the office head's: a head of an office whose subtree holds the cluster."""
    for membership in office_memberships(user).filter(role=Role.OFFICE_HEAD):
        if cluster.authority_id in authority_subtree_ids(membership.authority):
            return True
    return False


def can_sign_covenant(user, school) -> bool:
    return Role.PRINCIPAL in school_roles(user, school)


def can_self_score(user, school) -> bool:
    """The principal and the school's managers (vice principal, council secretary) score their school."""
    return bool(school_roles(user, school) & {Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY})
