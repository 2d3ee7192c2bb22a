"""Reads of the tree of authorities and of which authority each school answered to when."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from office.authorities.models import Authority, EvaluationPeriod, SchoolAuthorityPeriod
from office.core.collation import by_name, vietnamese_key
from office.core.school_years import parse_school_year
from office.core.search import matching

_TABLE = Authority._meta.db_table
_PERIOD_TABLE = SchoolAuthorityPeriod._meta.db_table
# Every authority at or below the given roots, whatever the depth: one recursive query.
_SUBTREE_SQL = f"""
    WITH RECURSIVE subtree(id) AS (
        SELECT id FROM public.{_TABLE} WHERE id = ANY(%s::bigint[])
        UNION
        SELECT a.id FROM public.{_TABLE} a JOIN subtree s ON a.parent_id = s.id
    )
    SELECT id FROM subtree
"""  # noqa: S608 - the table name is the model's own, not input


def authority_subtree_ids(authority: Authority) -> list[int]:
    """The authority and every authority below it, in one query whatever the depth."""
    return sorted(subtree_ids_of([authority]))


def subtree_ids_of(authorities) -> set[int]:
    """Every authority at or below any of `authorities`: an office user's reach, in one query."""
    roots = [a.pk for a in authorities]
    if not roots:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_SUBTREE_SQL, [roots])
        return {row[0] for row in cursor.fetchall()}


def authority_chain(authority: Authority) -> list[Authority]:
    """The authority and those above it, nearest first: whose movements and rules reach a school."""
    chain, seen = [], set()
    while authority is not None and authority.pk not in seen:
        chain.append(authority)
        seen.add(authority.pk)
        authority = authority.parent
    return chain


def _covers(on: date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def in_force_on(authority: Authority, on: date) -> bool:
    return (authority.valid_from is None or authority.valid_from <= on) and (
        authority.valid_to is None or on <= authority.valid_to
    )


def existed_in_school_year(authority: Authority, school_year: str) -> bool:
    """Whether the authority existed on some day of the school year "2025-2026", taken from August,
    when a new year is set up, to the July after. Such a body may own that year's deadlines, clusters
    and rubrics; one dissolved keeps those of its past years only."""
    start = int(school_year[:4])
    first, last = date(start, 8, 1), date(start + 1, 7, 31)
    return (authority.valid_from is None or authority.valid_from <= last) and (
        authority.valid_to is None or authority.valid_to >= first
    )


def authorities_in_force(on: date) -> QuerySet[Authority]:
    """The authorities that existed on `on`."""
    return Authority.objects.filter(_covers(on))


def authority_of(school, on: date | None = None) -> Authority | None:
    """The authority the school answered to on `on` (today by default); None before its known history."""
    on = on or timezone.localdate()
    period = (
        SchoolAuthorityPeriod.objects.filter(_covers(on), school_id=school.pk)
        .select_related("authority__parent__parent__parent")
        .first()
    )
    return period.authority if period else None


def authority_chain_of(school, on: date | None = None) -> list[Authority]:
    """The school's authority as of `on` and those above it, nearest first."""
    authority = authority_of(school, on)
    return authority_chain(authority) if authority is not None else []


def school_history(school) -> list[SchoolAuthorityPeriod]:
    """The school's periods, oldest first, each with its authority."""
    return list(
        SchoolAuthorityPeriod.objects.filter(school_id=school.pk)
        .select_related("authority")
        .order_by(F("valid_from").asc(nulls_first=True), "pk")
    )


def open_period(school) -> SchoolAuthorityPeriod | None:
    return SchoolAuthorityPeriod.objects.filter(school_id=school.pk, valid_to__isnull=True).first()


def schools_under(authority: Authority, on: date | None = None):
    """The schools in the authority's subtree on `on` (today by default), found through their periods:
    one query whatever the depth of the tree or the number of schools."""
    from tenants.models import School

    on = on or timezone.localdate()
    school_ids = RawSQL(  # noqa: S611 - fixed SQL, the values are bound parameters
        f"""
        SELECT p.school_id FROM public.{_PERIOD_TABLE} p
        WHERE p.authority_id IN ({_SUBTREE_SQL})
          AND (p.valid_from IS NULL OR p.valid_from <= %s)
          AND (p.valid_to IS NULL OR p.valid_to >= %s)
        """,  # noqa: S608 - table names are the models' own
        [[authority.pk], on, on],
    )
    return School.objects.filter(pk__in=school_ids).order_by(by_name(), "pk")


@dataclass(frozen=True)
class TreeNode:
    authority: Authority
    depth: int
    children: list["TreeNode"]
    schools: list


def authority_tree(reach: set[int], q: str = "") -> list[TreeNode]:
    """The authorities within `reach` as a forest, each node with the schools it has now. Two queries,
    whatever the size of the tree. `q` (accents and case ignored) keeps the authorities whose name
    matches with all their schools, the schools whose name or code matches, and the authorities on
    the way down to them, so what is found is seen where it sits in the tree."""
    from tenants.models import School

    authorities = Authority.objects.filter(pk__in=reach).select_related("parent").order_by(by_name(), "pk")
    schools = School.objects.filter(authority_id__in=reach).order_by(by_name(), "pk")
    if q:
        authorities = authorities.annotate(
            found=ExpressionWrapper(matching(q, "name", "short_name"), BooleanField())
        )
        schools = schools.annotate(found=ExpressionWrapper(matching(q, "name", "code"), BooleanField()))
    authorities = list(authorities)
    schools_by_authority: dict[int, list] = {}
    for school in schools:
        schools_by_authority.setdefault(school.authority_id, []).append(school)
    if q:
        authorities, schools_by_authority = _found_in_tree(authorities, schools_by_authority, reach)
    children: dict[int | None, list[Authority]] = {}
    for authority in authorities:
        parent = authority.parent_id if authority.parent_id in reach else None
        children.setdefault(parent, []).append(authority)

    def build(authority: Authority, depth: int) -> TreeNode:
        # Bodies still in force first, then those that ended, newest ending first.
        kids = sorted(children.get(authority.pk, []), key=_display_order)
        return TreeNode(
            authority, depth, [build(k, depth + 1) for k in kids], schools_by_authority.get(authority.pk, [])
        )

    return [build(root, 0) for root in sorted(children.get(None, []), key=_display_order)]


def _found_in_tree(authorities: list[Authority], schools_by_authority: dict[int, list], reach: set[int]):
    """What a search keeps of the tree (see authority_tree), in the order it was read."""
    by_id = {authority.pk: authority for authority in authorities}
    kept_schools: dict[int, list] = {}
    shown: set[int] = set()
    for authority in authorities:
        schools = schools_by_authority.get(authority.pk, [])
        found = schools if authority.found else [school for school in schools if school.found]
        if authority.found or found:
            kept_schools[authority.pk] = found
            shown.add(authority.pk)
    for pk in list(shown):  # the way down from the top of the reach
        parent = by_id[pk].parent_id
        while parent in reach and parent in by_id and parent not in shown:
            shown.add(parent)
            parent = by_id[parent].parent_id
    return [a for a in authorities if a.pk in shown], kept_schools


def _display_order(authority: Authority):
    return (
        authority.valid_to is not None,
        -(authority.valid_to or date.min).toordinal(),
        vietnamese_key(authority.name),
    )


def flatten(nodes: list[TreeNode]) -> list[TreeNode]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def evaluation_period_of(school, school_year: str) -> EvaluationPeriod | None:
    """The evaluation period that governs the school's `school_year`: set by the nearest authority
    above the school at the year's end, else at its start (a school that changed authority in the year,
    as at the 2025 reform, keeps the day its former office set); None when none was set. Three queries."""
    start, end = parse_school_year(school_year)
    chain = authority_chain_of(school, date(end, 8, 31))
    chain += [a for a in authority_chain_of(school, date(start, 9, 1)) if a not in chain]
    periods = {
        p.authority_id: p
        for p in EvaluationPeriod.objects.filter(
            school_year=school_year, authority_id__in=[a.pk for a in chain]
        ).select_related("authority")
    }
    return next((periods[a.pk] for a in chain if a.pk in periods), None)


def evaluation_periods_set_by(authority: Authority) -> QuerySet[EvaluationPeriod]:
    return authority.evaluation_periods.select_related("set_by").order_by("-school_year")
