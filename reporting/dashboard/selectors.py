"""Rows of the office dashboard. Each source is read once for all schools (one aggregate query per
table), then joined in Python, so the number of queries does not depend on the number of schools."""

import datetime

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from office.accounts.selectors import office_memberships
from office.authorities.models import Authority
from office.authorities.selectors import authority_subtree_ids
from office.clusters.models import ClusterResult, ClusterSeat, ScoringRound
from office.core.collation import by_name, vietnamese_key
from office.core.school_years import school_year_end
from office.core.search import matching
from office.facts.models import OfficeDeadline, SchoolFacts
from office.submissions.models import Submission
from reporting.dashboard.figures import Dashboard, DashboardRow, DeadlineCell, DeadlineState
from tenants.models import School, level_label

# The office's review states a dossier can be in; "forwarded" (sent further up) is counted by its
# code so that it shows as soon as the review adds it to Submission.Status.
DOSSIER_STATES = ("submitted", "returned", "accepted", "forwarded")


STATE_FILTERS = {
    "chua-ke-hoach": ("Chưa nộp kế hoạch", lambda row: not row.plan_issued),
    "chua-dang-ky": ("Chưa gửi đăng ký thi đua", lambda row: not row.registration_submitted),
    "cho-tham-dinh": ("Có hồ sơ chờ thẩm định", lambda row: row.dossiers_submitted > 0),
    "bi-tra-lai": ("Có hồ sơ bị trả lại", lambda row: row.dossiers_returned > 0),
    "tre-han": ("Trễ hạn", lambda row: row.is_late),
}


def _none_last(value, reverse: bool):
    # None sorts after every value in either direction.
    return (value is None) != reverse, value if value is not None else 0


# Sort keys: a code of the URL → the value of a row it sorts by.
SORT_KEYS = {
    "name": lambda row: vietnamese_key(row.name),
    "level": lambda row: row.level_label,
    "cluster": lambda row: vietnamese_key(row.cluster_name),
    "rank": lambda row: row.cluster_rank,
    "plan": lambda row: row.plan_issued,
    "registration": lambda row: row.registration_submitted,
    "initiatives": lambda row: row.initiatives_recognised,
    "draft": lambda row: row.dossiers_draft,
    "submitted": lambda row: row.dossiers_submitted,
    "returned": lambda row: row.dossiers_returned,
    "accepted": lambda row: row.dossiers_accepted,
    "forwarded": lambda row: row.dossiers_forwarded,
    "share": lambda row: row.teaching_award_share,
    "late": lambda row: row.late_count,
    "staff": lambda row: row.staff_total,
}


def _cell(deadline: OfficeDeadline, sent_on: datetime.date | None, today: datetime.date):
    if sent_on is not None:
        state = DeadlineState.ON_TIME if sent_on <= deadline.due_on else DeadlineState.SENT_LATE
    else:
        state = DeadlineState.LATE if today > deadline.due_on else DeadlineState.OPEN
    return DeadlineCell(deadline.pk, state, sent_on)


def _overseen_root(office: Authority) -> Authority:
    """Where an office's view of schools starts: its own node, but for a city's Sở GDĐT, its city.
    The wards of a city answer to the city's People's Committee, beside the Sở rather than under it,
    and the Sở still follows the education of all of them: the "Sở-level multi-phường view" of
    DOMAIN.md §4 (what a district office's view became after 1 July 2025)."""
    parent = office.parent
    if (
        office.kind == Authority.Kind.CITY_DEPARTMENT
        and parent is not None
        and parent.kind == Authority.Kind.CITY_PEOPLES_COMMITTEE
    ):
        return parent
    return office


def office_scope(user) -> dict[int, set[int]]:
    """The offices where `user` works, each with the ids of the authorities whose schools its
    dashboard shows (its subtree, or its city's for a Sở). An office whose reach holds more than
    itself oversees other offices: it gets the city's view."""
    if not user.is_authenticated:
        return {}
    memberships = office_memberships(user).select_related("authority__parent")
    return {m.authority_id: set(authority_subtree_ids(_overseen_root(m.authority))) for m in memberships}


def oversees_offices(subtrees: dict[int, set[int]]) -> bool:
    return any(len(ids) > 1 for ids in subtrees.values())


def office_dashboard(
    user,
    school_year: str,
    *,
    level: str = "",
    cluster: int | None = None,
    state: str = "",
    sort: str = "name",
    ward: int | None = None,
    school_code: str | None = None,
    school_ids: list[int] | None = None,
    subtrees: dict[int, set[int]] | None = None,
    today: datetime.date | None = None,
    q: str = "",
) -> Dashboard:
    """Every school under the offices where `user` works, one row each, for `school_year`, filtered
    and sorted as asked. `ward` keeps the schools one office of the subtree manages; `school_code`
    narrows it to one school (the drill-in page), `school_ids` to a page of the city's view;
    `q` keeps the schools whose name or code contains it, accents and case ignored. `subtrees` is office_scope(user), when the caller has it already."""
    today = today or timezone.localdate()
    year = school_year_end(school_year)
    subtrees = office_scope(user) if subtrees is None else subtrees
    authority_ids = set().union(*subtrees.values()) if subtrees else set()
    if ward is not None:
        # A ward outside the person's reach keeps nothing rather than widening it.
        authority_ids = authority_ids & {ward}

    schools = School.objects.filter(authority_id__in=authority_ids)
    if school_code is not None:
        schools = schools.filter(code=school_code)
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    # A search is read with the schools, like the other filters it narrows what is shown, not the
    # count of all schools.
    found_expression = ExpressionWrapper(matching(q, "name", "code"), BooleanField()) if q else Value(True)
    schools = schools.annotate(found=found_expression)
    rows: dict[int, DashboardRow] = {}
    school_authority: dict[int, int] = {}
    found: set[int] = set()
    for pk, code, name, level_code, spans, authority_id, is_found in schools.order_by(
        by_name(), "pk"
    ).values_list("pk", "code", "name", "level", "spans", "authority_id", "found"):
        rows[pk] = DashboardRow(pk, code, name, level_code, level_label(level_code, spans))
        school_authority[pk] = authority_id
        if is_found:
            found.add(pk)
    in_scope = {"school__authority_id__in": authority_ids}
    if school_code is not None:
        in_scope["school__code"] = school_code
    if school_ids is not None:
        # A page of the city's view: its ids were read within the reach, and only rows of `rows`
        # (schools within it) take a value, so the other tables need no join to the schools here.
        in_scope = {"school_id__in": school_ids}

    # .order_by() everywhere: the models' default orderings join and sort for nothing here.
    fact_names = (
        "staff_total",
        "teaching_staff",
        "registrations_total",
        "registrations_pending",
        "initiatives_recognised",
        "nominations_total",
        "dossiers_draft",
        "awards_total",
        "awards_teaching",
    )
    for school_id, *values in (
        SchoolFacts.objects.filter(school_year=school_year, **in_scope)
        .order_by()
        .values_list("school_id", *fact_names)
    ):
        row = rows.get(school_id)
        if row is not None:
            row.__dict__.update(zip(fact_names, values, strict=True))

    # One row per school, pivoted in the database: the first day each kind was sent (returned versions
    # aside; the day in the office's time zone) and the dossiers by review state.
    not_returned = ~Q(status=Submission.Status.RETURNED)
    kinds = Submission.Kind.values
    first_sent: dict[tuple[int, str], datetime.date] = {}
    for sent in (
        Submission.objects.filter(year=year, **in_scope)
        .values("school_id")
        .annotate(
            **{
                f"sent_{kind}": Min(TruncDate("submitted_at"), filter=Q(kind=kind) & not_returned)
                for kind in kinds
            },
            **{
                state: Count("pk", filter=Q(kind=Submission.Kind.DOSSIER, status=state))
                for state in DOSSIER_STATES
            },
        )
        .order_by()
    ):
        row = rows.get(sent["school_id"])
        if row is None:
            continue
        for kind in kinds:
            if sent[f"sent_{kind}"] is not None:
                first_sent[(row.school_id, kind)] = sent[f"sent_{kind}"]
        row.plan_issued = sent[f"sent_{Submission.Kind.PLAN.value}"] is not None
        row.registration_submitted = sent[f"sent_{Submission.Kind.REGISTRATION.value}"] is not None
        for state_code in DOSSIER_STATES:
            setattr(row, f"dossiers_{state_code}", sent[state_code])

    # The school's rank in the latest published round of its cluster this school year: one pass over
    # the results (DISTINCT ON the seat), not a subquery per seat, which costs a second at 1,000 schools.
    seat_scope = {f"seat__{name}": value for name, value in in_scope.items()}
    ranks = dict(
        ClusterResult.objects.filter(
            round__stage=ScoringRound.Stage.PUBLISHED, seat__school_year=school_year, **seat_scope
        )
        .order_by("seat_id", "-round__published_at", "-round__created_at", "-round_id")
        .distinct("seat_id")
        .values_list("seat_id", "rank")
    )
    clusters: dict[int, str] = {}
    for seat_id, school_id, cluster_id, cluster_name in (
        ClusterSeat.objects.filter(school_year=school_year, **in_scope)
        .order_by()
        .values_list("pk", "school_id", "cluster_id", "cluster__name")
    ):
        row = rows.get(school_id)
        if row is not None:
            row.cluster_id, row.cluster_name, row.cluster_rank = cluster_id, cluster_name, ranks.get(seat_id)
            clusters[cluster_id] = cluster_name

    deadlines = list(
        OfficeDeadline.objects.filter(authority_id__in=list(subtrees), school_year=school_year).order_by(
            "due_on", "pk"
        )
    )
    # A cell depends only on the deadline and the day the school sent: the thousand rows share a few
    # dozen cells instead of each making its own.
    cells: dict[tuple[int, datetime.date | None], DeadlineCell] = {}
    not_applicable = {d.pk: DeadlineCell(d.pk, DeadlineState.NOT_APPLICABLE, None) for d in deadlines}
    for row in rows.values():
        authority_id = school_authority[row.school_id]
        for deadline in deadlines:
            if authority_id not in subtrees[deadline.authority_id]:
                row.deadlines.append(not_applicable[deadline.pk])
                continue
            sent_on = first_sent.get((row.school_id, deadline.kind))
            cell = cells.get((deadline.pk, sent_on))
            if cell is None:
                cell = cells[(deadline.pk, sent_on)] = _cell(deadline, sent_on, today)
            row.deadlines.append(cell)
            row.late_count += cell.is_late

    all_count = len(rows)
    shown = list(rows.values())
    if q:
        shown = [row for row in shown if row.school_id in found]
    if level:
        shown = [row for row in shown if row.level == level]
    if cluster:
        shown = [row for row in shown if row.cluster_id == cluster]
    if state in STATE_FILTERS:
        test = STATE_FILTERS[state][1]
        shown = [row for row in shown if test(row)]
    sort = sort if sort.lstrip("-") in SORT_KEYS else "name"
    key, reverse = SORT_KEYS[sort.lstrip("-")], sort.startswith("-")
    # Rows come in the database's order of names; a stable sort keeps it among ties.
    if sort != "name":
        shown.sort(key=lambda row: _none_last(key(row), reverse), reverse=reverse)
    return Dashboard(
        school_year=school_year,
        rows=shown,
        deadlines=deadlines,
        clusters=sorted(clusters.items(), key=lambda item: vietnamese_key(item[1])),
        all_count=all_count,
        sort=sort,
    )
