"""Reads of clusters, rubrics, rounds and their scores (public schema). Every read that is about one
school goes through a function taking that school (DESIGN.md §3 rule 3); none loops over schools."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from office.clusters.models import (
    Cluster,
    ClusterResult,
    ClusterScore,
    ClusterSeat,
    Criterion,
    CriterionGroup,
    Rubric,
    ScoringRound,
)
from office.core.collation import by_name

SHOWN_STAGES = (ScoringRound.Stage.PUBLISHED, ScoringRound.Stage.CLOSED)


def cluster_list(clusters, school_year: str):
    """Clusters of a year with their seats, leader, deputy and covenant: a fixed number of queries."""
    return (
        clusters.filter(school_year=school_year)
        .select_related("leader", "deputy", "rubric", "covenant")
        .annotate(
            seat_count=Count("seats", distinct=True),
            signed_count=Count("seats", filter=Q(seats__covenant_signed_at__isnull=False), distinct=True),
        )
        .prefetch_related(Prefetch("seats", queryset=ClusterSeat.objects.select_related("school")))
        .order_by(by_name(), "pk")
    )


def cluster_years(clusters) -> list[str]:
    return list(clusters.order_by("-school_year").values_list("school_year", flat=True).distinct())


def year_to_open(years_with_clusters: list[str], current: str) -> str:
    """The school year a list of clusters opens on: `current` if it has clusters or none has any,
    else the latest year that has."""
    if current in years_with_clusters or not years_with_clusters:
        return current
    return max(years_with_clusters)


def cluster_detail(clusters, pk) -> Cluster:
    """One cluster among `clusters` (what the caller may see); another's raises Cluster.DoesNotExist."""
    return clusters.select_related("leader", "deputy", "rubric", "authority").get(pk=pk)


def seats_of(cluster: Cluster):
    return cluster.seats.select_related("school", "covenant_signed_by").order_by(
        by_name("school__name"), "pk"
    )


def seated_school_ids(school_year: str) -> set[int]:
    """Schools that already sit in a cluster that year (a school sits in one cluster a year)."""
    return set(ClusterSeat.objects.filter(school_year=school_year).values_list("school_id", flat=True))


def covenant_of(cluster: Cluster):
    try:
        return cluster.covenant
    except Cluster.covenant.RelatedObjectDoesNotExist:
        return None


def rounds_of(cluster: Cluster):
    return cluster.rounds.select_related("rubric").order_by("-created_at")


def rubric_list(authority_ids):
    return (
        Rubric.objects.filter(authority_id__in=authority_ids)
        .select_related("authority")
        .annotate(
            criterion_count=Count("groups__criteria", distinct=True),
            round_count=Count("rounds", distinct=True),
        )
        .order_by("-school_year", by_name(), "pk")
    )


def rubric_detail(authority_ids, pk) -> Rubric:
    return Rubric.objects.filter(authority_id__in=authority_ids).get(pk=pk)


def rubric_groups(rubric: Rubric) -> list[CriterionGroup]:
    """The rubric's groups in order, each with its criteria in order: two queries."""
    return list(
        rubric.groups.order_by("position", "pk").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
        )
    )


def rubric_criteria(rubric: Rubric) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__rubric=rubric)
        .select_related("group")
        .order_by("group__position", "group__pk", "position", "pk")
    )


def rubric_in_use(rubric: Rubric) -> bool:
    return rubric.rounds.exists()


def rubric_max_total(criteria: list[Criterion]) -> Decimal:
    return sum((c.max_points for c in criteria if c.kind != Criterion.Kind.PENALTY), Decimal("0"))


def round_detail(rounds, pk) -> ScoringRound:
    return rounds.select_related("cluster", "cluster__leader", "cluster__deputy", "rubric").get(pk=pk)


def rounds_in(clusters):
    return ScoringRound.objects.filter(cluster__in=clusters)


def results_of(scoring_round: ScoringRound) -> list[ClusterResult]:
    """Every seat's result, by rank once ranked, else by school name: one query."""
    return list(
        scoring_round.results.select_related(
            "seat__school", "leader_approved_by", "office_approved_by"
        ).order_by("rank", by_name("seat__school__name"), "pk")
    )


def every_school_submitted(scoring_round: ScoringRound) -> bool:
    """A level acts when the levels below it are done (DESIGN.md §6): every seat of the cluster has
    sent its self-assessment."""
    seats = ClusterSeat.objects.filter(cluster_id=scoring_round.cluster_id).count()
    submitted = scoring_round.results.filter(submitted_at__isnull=False).count()
    return seats > 0 and submitted == seats


def score_table(scoring_round: ScoringRound, stages) -> dict:
    """{(stage, seat_id, criterion_id): ClusterScore} for the non-cross stages; one query."""
    table = {}
    for score in scoring_round.scores.filter(stage__in=stages).exclude(stage=ClusterScore.Stage.CROSS):
        table[(score.stage, score.seat_id, score.criterion_id)] = score
    return table


def cross_averages(scoring_round: ScoringRound) -> dict:
    """{(seat_id, criterion_id): (average points, number of scoring schools)}; one query."""
    sums: dict = defaultdict(lambda: [Decimal("0"), 0])
    for seat_id, criterion_id, points in scoring_round.scores.filter(
        stage=ClusterScore.Stage.CROSS
    ).values_list("seat_id", "criterion_id", "points"):
        sums[(seat_id, criterion_id)][0] += points
        sums[(seat_id, criterion_id)][1] += 1
    return {key: ((total / count).quantize(Decimal("0.01")), count) for key, (total, count) in sums.items()}


def cross_scores_by(scoring_round: ScoringRound, scorer_school) -> dict:
    """{(seat_id, criterion_id): ClusterScore} that one school gave the others; one query."""
    return {
        (score.seat_id, score.criterion_id): score
        for score in scoring_round.scores.filter(stage=ClusterScore.Stage.CROSS, scorer_school=scorer_school)
    }


# --- what a school reads of its own seat, on its own host ---------------------------------------


def seat_of_school(school, school_year: str) -> ClusterSeat | None:
    return (
        ClusterSeat.objects.filter(school=school, school_year=school_year)
        .select_related("cluster", "cluster__leader", "cluster__deputy", "covenant_signed_by")
        .first()
    )


def seats_of_school(school):
    """The school's seats over the years, newest first, with their cluster and covenant."""
    return (
        ClusterSeat.objects.filter(school=school)
        .select_related(
            "cluster", "cluster__leader", "cluster__deputy", "cluster__covenant", "covenant_signed_by"
        )
        .order_by("-school_year")
    )


def rounds_for_school(school):
    """Rounds of the clusters where the school has a seat."""
    return ScoringRound.objects.filter(cluster__seats__school=school).select_related("cluster", "rubric")


def round_for_school(school, pk) -> ScoringRound:
    """A round of the school's cluster; any other raises ScoringRound.DoesNotExist."""
    return rounds_for_school(school).get(pk=pk)


def own_seat(school, scoring_round: ScoringRound) -> ClusterSeat:
    return ClusterSeat.objects.select_related("school").get(
        cluster_id=scoring_round.cluster_id, school=school
    )


def own_result(school, scoring_round: ScoringRound) -> ClusterResult | None:
    return scoring_round.results.filter(seat__school=school).first()


def own_self_scores(school, scoring_round: ScoringRound) -> dict:
    """{criterion_id: ClusterScore} of the school's own submitted self scores."""
    return {
        score.criterion_id: score
        for score in scoring_round.scores.filter(seat__school=school, stage=ClusterScore.Stage.SELF)
    }


def published_ranking(scoring_round: ScoringRound) -> list[ClusterResult]:
    """The ranking as the schools of the cluster may read it: nothing before the office publishes it."""
    if scoring_round.stage not in SHOWN_STAGES:
        return []
    return results_of(scoring_round)


def cross_targets(school, scoring_round: ScoringRound) -> list[ClusterSeat]:
    """The seats a school cross-scores: every other school of its cluster."""
    return list(
        ClusterSeat.objects.filter(cluster_id=scoring_round.cluster_id)
        .exclude(school=school)
        .select_related("school")
        .order_by(by_name("school__name"), "pk")
    )
