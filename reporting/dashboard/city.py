"""The city's view of the dashboard: since 1 July 2025 a city's Sở GDĐT and its wards run every school of
the city (Hà Nội: some 2,800 under 126 wards, plus the THPT the Sở runs itself), too many for one row
each on a page. So the Sở first sees one line per managing office with its subtotals, and opens one
ward, or one filter's schools, a page at a time.

Everything is counted in PostgreSQL over the public tables (the schools, their SchoolFacts, what they
sent up): one GROUP BY for the lines, one query for the ids of a page of schools, whose rows are then
read by `office_dashboard` for those ids only. The number of queries is the same at 10 schools and at
3,000, and the page's weight does not grow with the city."""

import datetime
import math

from django.db import connection
from django.utils import timezone

from office.authorities.models import Authority
from office.clusters.models import ClusterSeat
from office.core.school_years import school_year_end
from office.core.search import contains_sql, like_pattern
from office.facts.models import OfficeDeadline, SchoolFacts
from office.submissions.models import Submission
from reporting.dashboard.figures import CityDashboard, WardSummary
from reporting.dashboard.selectors import DOSSIER_STATES, office_dashboard
from tenants.models import School

PAGE_SIZE = 50

# The dashboard's filters by state (selectors.STATE_FILTERS), as conditions on a row of `per_school`.
STATE_CONDITIONS = {
    "chua-ke-hoach": "NOT ps.plan_issued",
    "chua-dang-ky": "NOT ps.registration_submitted",
    "cho-tham-dinh": "ps.dossiers_submitted > 0",
    "bi-tra-lai": "ps.dossiers_returned > 0",
    "tre-han": "ps.late_count > 0",
}

FACT_COUNTS = ("initiatives_recognised", "dossiers_draft", "awards_total", "awards_teaching")


def _per_school_sql(deadlines: list[OfficeDeadline], subtrees: dict[int, set[int]], params: dict) -> str:
    """A CTE of one row per school in reach: what the dashboard shows of it, in the same terms as
    `office_dashboard` (the first day each kind was sent, returned versions aside, in the office's
    time zone; the dossiers by review state; the deadlines missed or met late)."""
    kinds = list(Submission.Kind.values)
    params["kinds"] = kinds
    params["returned"] = Submission.Status.RETURNED.value
    params["dossier"] = Submission.Kind.DOSSIER.value
    sent_dates = []
    for number, kind in enumerate(kinds):
        params[f"kind_{number}"] = kind
        sent_dates.append(
            f"MIN((sub.submitted_at AT TIME ZONE %(tz)s)::date) FILTER "
            f"(WHERE sub.kind = %(kind_{number})s AND sub.status <> %(returned)s) AS sent_{number}"
        )
    dossier_counts = []
    for number, state in enumerate(DOSSIER_STATES):
        params[f"state_{number}"] = state
        dossier_counts.append(
            f"COUNT(*) FILTER (WHERE sub.kind = %(dossier)s AND sub.status = %(state_{number})s)"
            f" AS dossiers_{state}"
        )
    # A deadline counts against the schools of its office's subtree: not sent and past due, or sent
    # after the due day (figures.DeadlineCell.is_late).
    late_terms = []
    for number, deadline in enumerate(deadlines):
        params[f"deadline_{number}_due"] = deadline.due_on
        params[f"deadline_{number}_reach"] = sorted(subtrees.get(deadline.authority_id, ()))
        sent = f"sent.sent_{kinds.index(deadline.kind)}" if deadline.kind in kinds else "NULL::date"
        late_terms.append(
            f"(CASE WHEN sc.authority_id = ANY(%(deadline_{number}_reach)s) AND "
            f"(({sent} IS NULL AND %(today)s > %(deadline_{number}_due)s) OR {sent} > %(deadline_{number}_due)s)"
            " THEN 1 ELSE 0 END)"
        )
    plan, registration = kinds.index(Submission.Kind.PLAN), kinds.index(Submission.Kind.REGISTRATION)
    facts = ", ".join(f"COALESCE(f.{name}, 0) AS {name}" for name in FACT_COUNTS)
    dossiers = ", ".join(
        f"COALESCE(sent.dossiers_{state}, 0) AS dossiers_{state}" for state in DOSSIER_STATES
    )
    return f"""
        sent AS (
            SELECT sub.school_id, {", ".join(sent_dates + dossier_counts)}
            FROM {Submission._meta.db_table} sub
            JOIN {School._meta.db_table} s ON s.id = sub.school_id
            WHERE sub.year = %(year)s AND s.authority_id = ANY(%(reach)s)
            GROUP BY sub.school_id
        ),
        per_school AS (
            SELECT sc.id, sc.name, sc.code, sc.authority_id, sc.level,
                sent.sent_{plan} IS NOT NULL AS plan_issued,
                sent.sent_{registration} IS NOT NULL AS registration_submitted,
                {facts}, {dossiers},
                {" + ".join(late_terms) or "0"} AS late_count
            FROM {School._meta.db_table} sc
            LEFT JOIN {SchoolFacts._meta.db_table} f ON f.school_id = sc.id AND f.school_year = %(school_year)s
            LEFT JOIN sent ON sent.school_id = sc.id
            WHERE sc.authority_id = ANY(%(reach)s)
        )"""  # noqa: S608 - table names are the models' own; every value is a parameter


def _match_sql(params: dict, *, ward, level, cluster, state, school_year, q="") -> str:
    """The filters of the query string as one condition on a row of `per_school`."""
    conditions = ["TRUE"]
    if q:
        params["q"] = like_pattern(q)
        conditions.append(f"({contains_sql('ps.name', 'q')} OR {contains_sql('ps.code', 'q')})")
    if ward is not None:
        params["ward"] = ward
        conditions.append("ps.authority_id = %(ward)s")
    if level:
        params["level"] = level
        conditions.append("ps.level = %(level)s")
    if cluster:
        params["cluster"] = cluster
        conditions.append(
            f"EXISTS (SELECT 1 FROM {ClusterSeat._meta.db_table} seat WHERE seat.school_id = ps.id"  # noqa: S608
            " AND seat.school_year = %(school_year)s AND seat.cluster_id = %(cluster)s)"
        )
    if state in STATE_CONDITIONS:
        conditions.append(STATE_CONDITIONS[state])
    return " AND ".join(conditions)


def city_dashboard(
    user,
    school_year: str,
    *,
    subtrees: dict[int, set[int]],
    ward: int | None = None,
    level: str = "",
    cluster: int | None = None,
    state: str = "",
    page: int = 1,
    q: str = "",
    show_schools: bool | None = None,
    today: datetime.date | None = None,
) -> CityDashboard:
    """The lines of every managing office under the user's offices (`subtrees`, office_scope(user)),
    filtered as asked, and, when a ward is chosen or a filter narrows the schools (or `show_schools`),
    page `page` of those schools (PAGE_SIZE a page, by name)."""
    today = today or timezone.localdate()
    reach = sorted(set().union(*subtrees.values())) if subtrees else []
    deadlines = list(
        OfficeDeadline.objects.filter(authority_id__in=list(subtrees), school_year=school_year).order_by(
            "due_on", "pk"
        )
    )
    params = {
        "tz": timezone.get_current_timezone_name(),
        "year": school_year_end(school_year),
        "school_year": school_year,
        "reach": reach,
        "today": today,
    }
    per_school = _per_school_sql(deadlines, subtrees, params)
    match = _match_sql(
        params, ward=ward, level=level, cluster=cluster, state=state, school_year=school_year, q=q
    )

    def counted(expression: str) -> str:
        return f"COALESCE(SUM({expression}) FILTER (WHERE {match}), 0)"

    lines_sql = f"""
        WITH {per_school}
        SELECT ps.authority_id, a.name, COUNT(*), COUNT(*) FILTER (WHERE {match}),
            {counted("ps.plan_issued::int")}, {counted("ps.registration_submitted::int")},
            {", ".join(counted(f"ps.{name}") for name in ("initiatives_recognised", "dossiers_draft"))},
            {", ".join(counted(f"ps.dossiers_{code}") for code in DOSSIER_STATES)},
            {counted("(ps.late_count > 0)::int")},
            {counted("ps.awards_total")}, {counted("ps.awards_teaching")}
        FROM per_school ps JOIN {Authority._meta.db_table} a ON a.id = ps.authority_id
        GROUP BY ps.authority_id, a.name
        ORDER BY a.name COLLATE "vi-x-icu", ps.authority_id"""  # noqa: S608 - fixed SQL of this module, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(lines_sql, params)
        fetched = cursor.fetchall()
    wards, own = [], []
    total = WardSummary(None, "Toàn thành phố")
    for authority_id, name, *counts in fetched:
        line = WardSummary(authority_id, name, authority_id in subtrees, *counts)
        (own if line.runs_itself else wards).append(line)
        for field in WardSummary.COUNTS:
            setattr(total, field, getattr(total, field) + getattr(line, field))
    city = CityDashboard(school_year=school_year, wards=wards, own=own, total=total)

    narrowed = ward is not None or bool(level) or bool(cluster) or bool(q) or state in STATE_CONDITIONS
    if not (narrowed if show_schools is None else show_schools) or not total.schools:
        return city
    city.page_count = math.ceil(total.schools / PAGE_SIZE)
    city.page_number = min(max(page, 1), city.page_count)
    city.page_start = (city.page_number - 1) * PAGE_SIZE
    params["limit"], params["offset"] = PAGE_SIZE, city.page_start
    # Filters by ward, level or cluster need only the schools' own table; a filter by state needs
    # what each school sent, counted as for the lines.
    if state in STATE_CONDITIONS:
        source = f"WITH {per_school} SELECT ps.id FROM per_school ps WHERE"  # noqa: S608
    else:
        source = (
            f"SELECT ps.id FROM {School._meta.db_table} ps"  # noqa: S608 - the model's own table
            " WHERE ps.authority_id = ANY(%(reach)s) AND"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f'{source} {match} ORDER BY ps.name COLLATE "vi-x-icu", ps.id LIMIT %(limit)s OFFSET %(offset)s',
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    # The page's rows as the ward's own dashboard shows them (deadline cells, cluster, rank), read for
    # these ids only; already filtered above, so only the ids narrow it.
    city.page = office_dashboard(user, school_year, school_ids=ids, subtrees=subtrees, today=today)
    return city
