"""Who sees which cluster's comparison, and the comparison itself as plain data.

`clusters_visible_to` is the one access rule every page, export and API view of this package goes through:
the cluster leader is a guardian grant on one cluster and nothing more; office staff see the clusters of
their offices' subtrees. Every read here is on the public schema, in a number of queries that does not grow
with the number of schools or rounds."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from office.clusters.models import (
    Cluster,
    ClusterResult,
    ClusterSeat,
    Criterion,
    CriterionGroup,
    ScoringRound,
)
from office.clusters.permissions import visible_clusters
from office.core.collation import by_name, vietnamese_key
from reporting.cluster_comparison.figures import (
    Comparison,
    GroupInfo,
    RoundInfo,
    RoundTable,
    SchoolHistory,
    SchoolRow,
    YearOverYear,
)

# A closed round was published before it was locked: both count as a published ranking.
PUBLISHED_STAGES = (ScoringRound.Stage.PUBLISHED, ScoringRound.Stage.CLOSED)


def clusters_visible_to(user) -> QuerySet[Cluster]:
    """Every cluster whose comparison the user may see: the rule of `office.clusters.permissions`
    (the clusters they lead by grant and those of their offices), in the order the pages list them."""
    return (
        visible_clusters(user).select_related("authority", "leader").order_by("-school_year", by_name(), "pk")
    )


def visible_cluster_or_404(user, cluster_id) -> Cluster:
    """The cluster if the user may see it; otherwise the same 404 as a cluster that does not exist."""
    cluster = clusters_visible_to(user).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404("Không tìm thấy cụm thi đua.")
    return cluster


def cluster_comparison(cluster: Cluster, *, round_id=None, every_round: bool = False) -> Comparison:
    """The schools of `cluster` side by side in the chosen round (by default the latest published one, or
    else the latest), or in every round; and the same schools year over year. A round id that is not one
    of this cluster's answers 404."""
    rounds = list(ScoringRound.objects.filter(cluster=cluster).order_by("-created_at", "-pk"))
    chosen = _chosen_round(rounds, round_id)
    seats = list(
        ClusterSeat.objects.filter(cluster=cluster)
        .select_related("school")
        .order_by(by_name("school__name"), "pk")
    )
    tables = _round_tables(cluster, rounds if every_round else [r for r in [chosen] if r is not None], seats)
    chosen_table = next((t for t in tables if chosen is not None and t.round.id == chosen.pk), None)
    return Comparison(
        cluster=cluster,
        rounds=[_round_info(r) for r in rounds],
        chosen_round_id=chosen.pk if chosen is not None else None,
        tables=tables,
        history=_year_over_year(cluster, seats, chosen_table),
    )


def _round_info(scoring_round: ScoringRound) -> RoundInfo:
    return RoundInfo(
        id=scoring_round.pk,
        name=scoring_round.name,
        stage=scoring_round.stage,
        stage_label=scoring_round.get_stage_display(),
        published=scoring_round.stage in PUBLISHED_STAGES,
        published_at=scoring_round.published_at,
    )


def _chosen_round(rounds: list[ScoringRound], round_id) -> ScoringRound | None:
    if round_id not in (None, ""):
        for scoring_round in rounds:
            if str(scoring_round.pk) == str(round_id):
                return scoring_round
        raise Http404("Không tìm thấy đợt chấm.")
    published = [r for r in rounds if r.stage in PUBLISHED_STAGES]
    if published:
        return max(published, key=_publication_order)
    return rounds[0] if rounds else None


def _publication_order(scoring_round: ScoringRound) -> tuple:
    published_at = scoring_round.published_at
    return (published_at is not None, published_at or scoring_round.created_at, scoring_round.pk)


def _round_tables(cluster: Cluster, rounds: list[ScoringRound], seats: list[ClusterSeat]) -> list[RoundTable]:
    if not rounds:
        return []
    rubric_ids = {r.rubric_id for r in rounds}
    groups_by_rubric: dict[int, list[GroupInfo]] = {rubric_id: [] for rubric_id in rubric_ids}
    for group in (
        CriterionGroup.objects.filter(rubric_id__in=rubric_ids)
        .annotate(max_points=Sum("criteria__max_points", filter=Q(criteria__kind=Criterion.Kind.STANDARD)))
        .order_by("rubric_id", "position", "pk")
    ):
        groups_by_rubric[group.rubric_id].append(
            GroupInfo(id=group.pk, code=group.code, name=group.name, max_points=group.max_points)
        )
    results = {
        (result.round_id, result.seat_id): result
        for result in ClusterResult.objects.filter(round__in=rounds, seat__cluster=cluster)
    }
    tables = []
    for scoring_round in rounds:
        groups = groups_by_rubric[scoring_round.rubric_id]
        rows = [
            _school_row(cluster, seat, results.get((scoring_round.pk, seat.pk)), groups) for seat in seats
        ]
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, vietnamese_key(row.name)))
        tables.append(RoundTable(round=_round_info(scoring_round), groups=groups, rows=rows))
    return tables


def _school_row(cluster: Cluster, seat: ClusterSeat, result, groups: list[GroupInfo]) -> SchoolRow:
    school = seat.school
    totals = (result.group_totals or {}) if result is not None else {}
    return SchoolRow(
        school_id=school.pk,
        code=school.code,
        name=school.name,
        is_leader=school.pk == cluster.leader_id,
        has_result=result is not None,
        final_total=result.final_total if result is not None else None,
        # JSON object keys are strings; the points may have been stored as numbers or as strings.
        group_totals=[_points(totals.get(str(group.id))) for group in groups],
        rank=result.rank if result is not None else None,
        proposal=result.proposal if result is not None else "",
        proposal_label=result.get_proposal_display() if result is not None and result.proposal else "",
    )


def _points(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _year_over_year(cluster: Cluster, seats: list[ClusterSeat], current: RoundTable | None) -> YearOverYear:
    """Each school's final total in the clusters it sat in during the previous school years, matched by
    school. A past year shows only a published ranking (the latest published round of the cluster the school
    sat in that year), never another cluster's unpublished scores; the current year shows the chosen round."""
    school_ids = [seat.school_id for seat in seats]
    past = (
        ClusterResult.objects.filter(
            seat__school_id__in=school_ids,
            seat__school_year__lt=cluster.school_year,
            round__stage__in=PUBLISHED_STAGES,
        )
        .values(
            "seat__school_id",
            "seat__school_year",
            "final_total",
            "rank",
            "round__published_at",
            "round__created_at",
            "round_id",
        )
        .order_by()
    )
    latest: dict[tuple[int, str], dict] = {}
    for row in past:
        key = (row["seat__school_id"], row["seat__school_year"])
        order = (
            row["round__published_at"] is not None,
            row["round__published_at"] or row["round__created_at"],
        )
        order = (*order, row["round_id"])
        if key not in latest or order > latest[key]["order"]:
            latest[key] = {"order": order, "total": row["final_total"], "rank": row["rank"]}
    years = sorted({year for _, year in latest})
    current_rows = {row.school_id: row for row in current.rows} if current is not None else {}
    if current is not None:
        years.append(cluster.school_year)
    schools = []
    for seat in seats:
        totals, ranks = [], []
        for year in years:
            if year == cluster.school_year:
                row = current_rows.get(seat.school_id)
                totals.append(row.final_total if row else None)
                ranks.append(row.rank if row else None)
            else:
                entry = latest.get((seat.school_id, year))
                totals.append(entry["total"] if entry else None)
                ranks.append(entry["rank"] if entry else None)
        schools.append(
            SchoolHistory(
                school_id=seat.school_id,
                code=seat.school.code,
                name=seat.school.name,
                totals=totals,
                ranks=ranks,
            )
        )
    return YearOverYear(years=years, schools=schools)
