"""Reads of award decisions. Who sees a decision: the people of the office that prepared it and of
the offices above it. Every read of a decision by a person goes through `decisions_visible_to`."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from office.accounts.models import Role
from office.accounts.selectors import office_authorities, office_memberships, schools_under_offices_of
from office.authorities.models import Authority
from office.authorities.selectors import authority_chain, authority_subtree_ids
from office.core.collation import by_name, by_person, vietnamese_key
from office.core.search import matching
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from office.submissions.models import Submission

# A dossier the office accepted, or (once the review forwards them) sent on upward.
DECIDABLE_DOSSIER_STATUSES = ("accepted", "forwarded")


def visible_office_ids(user) -> set[int]:
    ids: set[int] = set()
    for authority in office_authorities(user):
        ids.update(authority_subtree_ids(authority))
    return ids


def decisions_visible_to(user) -> QuerySet[Decision]:
    return Decision.objects.filter(office_id__in=visible_office_ids(user))


def decision_list(user, *, state: str = "", school_year: str = "", q: str = "") -> QuerySet[Decision]:
    """The decisions a person sees, with their counts, in one query whatever their number. `q` finds
    a decision by its number, subject or issuer, or by a person or school on its list, ignoring
    accents and case."""
    rows = decisions_visible_to(user).select_related("issuer", "office")
    if q:
        listed = DecisionLine.objects.filter(decision=OuterRef("pk")).filter(
            matching(q, "full_name", "school__name")
        )
        rows = rows.filter(matching(q, "number", "subject", "issuer_name") | Q(Exists(listed)))
    if state:
        rows = rows.filter(state=state)
    if school_year:
        rows = rows.filter(school_year=school_year)
    return rows.annotate(
        line_count=Count("lines", distinct=True),
        school_count=Count("lines__school", distinct=True),
        delivered_school_count=Count(
            "deliveries", filter=Q(deliveries__state=DecisionDelivery.State.DONE), distinct=True
        ),
    ).order_by("-signed_on", "-pk")


def decision_for(user, pk) -> Decision:
    """The decision if the person may see it; Decision.DoesNotExist otherwise (answered 404)."""
    return (
        decisions_visible_to(user).select_related("issuer", "office", "created_by", "recorded_by").get(pk=pk)
    )


def decision_lines(decision: Decision) -> QuerySet[DecisionLine]:
    return decision.lines.select_related("school").order_by(
        by_name("school__name"), "title", *by_person(), "pk"
    )


def decision_deliveries(decision: Decision) -> QuerySet[DecisionDelivery]:
    return decision.deliveries.select_related("school").order_by(by_name("school__name"), "pk")


def deliveries_not_sent(decision: Decision) -> int:
    """Deliveries of a recorded decision whose message the broker refused (back to "waiting")."""
    return decision.deliveries.filter(state=DecisionDelivery.State.PENDING).exclude(last_error="").count()


def is_office_head_for(user, decision: Decision) -> bool:
    """Only the head of the preparing office (or of an office above it) records a decision."""
    for membership in office_memberships(user).filter(role=Role.OFFICE_HEAD):
        if decision.office_id in authority_subtree_ids(membership.authority):
            return True
    return False


def issuer_choices(user) -> list[Authority]:
    """The bodies a person's office prepares decisions for: the office itself and those above it."""
    seen: dict[int, Authority] = {}
    for authority in office_authorities(user):
        for node in authority_chain(authority):
            seen.setdefault(node.pk, node)
    return sorted(seen.values(), key=lambda a: vietnamese_key(a.name))


def decidable_dossiers(user, *, school_year: str = "", school_code: str = "") -> QuerySet[Submission]:
    """Accepted dossiers of the schools under the person's offices: what a decision's list is taken from."""
    rows = Submission.objects.filter(
        kind=Submission.Kind.DOSSIER,
        status__in=DECIDABLE_DOSSIER_STATUSES,
        school__in=schools_under_offices_of(user),
    ).select_related("school")
    if school_year:
        rows = rows.filter(payload__school_year=school_year)
    if school_code:
        rows = rows.filter(school__code=school_code)
    return rows.order_by(by_name("school__name"), "school_id", "-version")
