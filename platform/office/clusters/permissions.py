"""Who may see and do what with clusters, declared once and asked by pages, the API and services.

The office staff manage the clusters of the authorities in their offices' subtrees. A cluster's leader
is a django-guardian grant (`clusters.lead_cluster`) on that one cluster to the leader school's
principal(s), nothing more (issue 5). A school acts on its own seat only, on its own host."""

from guardian.shortcuts import get_objects_for_user

from office.accounts.models import Role
from office.accounts.selectors import is_office_member, office_authorities, office_memberships, school_roles
from office.authorities.selectors import authority_subtree_ids
from office.clusters.models import Cluster
from office.clusters.selectors import every_school_submitted

LEAD_CLUSTER = "clusters.lead_cluster"

CLUSTER_REFUSED = "Chỉ cơ quan quản lý mới thay đổi được cụm thi đua."
RUBRIC_REFUSED = "Chỉ cơ quan quản lý mới sửa được bảng tiêu chí."
ROUND_REFUSED = "Bạn không có quyền thực hiện thao tác này ở đợt chấm."
UNAPPROVE_REFUSED = "Chỉ lãnh đạo cơ quan quản lý được bỏ duyệt kết quả."


def office_authority_ids(user) -> set[int]:
    """Every authority in the subtree of the offices where the user works, cached for the request."""
    if user is None or not user.is_authenticated:  # None: a service called with no person
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


def led_cluster_ids(user) -> set[int]:
    """The ids of led_clusters(user), read once per request (the menu and a page may both ask)."""
    if user is None or not user.is_authenticated:
        return set()
    cache = user.__dict__.get("_led_cluster_ids")
    if cache is None:
        cache = user.__dict__["_led_cluster_ids"] = set(led_clusters(user).values_list("pk", flat=True))
    return cache


def visible_clusters(user):
    """Clusters the user manages (office) or leads (guardian grant)."""
    return Cluster.objects.filter(pk__in=managed_clusters(user).values("pk")) | Cluster.objects.filter(
        pk__in=led_clusters(user).values("pk")
    )


def manages_cluster(user, cluster: Cluster) -> bool:
    return cluster.authority_id in office_authority_ids(user)


def leads_cluster(user, cluster: Cluster) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(LEAD_CLUSTER, cluster))


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


def can_organise_clusters(user) -> bool:
    """Building rubrics and opening clusters and rounds is office work: any office member (specialist
    or head); which authority, cluster or rubric it touches is asked by the predicates below."""
    return user is not None and is_office_member(user)


def can_manage_clusters_of(user, authority) -> bool:
    """New clusters and rubrics, and a rubric's copy, belong to an authority in the subtree of the
    person's offices: office staff (specialist or head) organise emulation for what they manage."""
    return authority is not None and authority.pk in office_authority_ids(user)


def can_manage_cluster(user, cluster: Cluster) -> bool:
    """Seats, leader, covenant, rounds, the office's scores, approval and publication: the staff of an
    office whose subtree holds the cluster. A leader's grant does not reach these."""
    return manages_cluster(user, cluster)


def can_edit_rubric(user, rubric) -> bool:
    """A rubric is built and published by the staff of an office whose subtree holds its authority."""
    return rubric.authority_id in office_authority_ids(user)


def can_open_leader_review(user, cluster: Cluster) -> bool:
    """Once every school has submitted, the office or the cluster's leader moves the round on to the
    leader's review: either of them may be the one who notices."""
    return manages_cluster(user, cluster) or leads_cluster(user, cluster)


def can_review_as_leader(user, cluster: Cluster) -> bool:
    """The leader's scores and approval are the leader's alone (the guardian grant on this cluster),
    not the office's: the office acts after the leader (DESIGN.md §6)."""
    return leads_cluster(user, cluster)


def can_unapprove_result(user, cluster: Cluster) -> bool:
    """Taking back an approved result is the office head's ("lãnh đạo"), of an office whose subtree
    holds the cluster; a specialist approves but cannot undo."""
    return is_office_head_of(user, cluster)


def can_see_round_scores(user, scoring_round) -> bool:
    """The office sees the scores at every stage; the leader only once every school has submitted, so
    that no school's self score is seen before the others have committed theirs (DESIGN.md §6)."""
    cluster = scoring_round.cluster
    return manages_cluster(user, cluster) or (
        leads_cluster(user, cluster) and every_school_submitted(scoring_round)
    )


def can_record_flag_proposal(user, cluster: Cluster) -> bool:
    """The cluster's proposal for Cờ thi đua is the leader's to record (the cluster reviews its own
    ranking at the end of the year) or the office's; another school's principal never reaches it."""
    return manages_cluster(user, cluster) or leads_cluster(user, cluster)
