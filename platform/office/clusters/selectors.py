"""Reads of clusters, rubrics, rounds and their scores (public schema). Every read that is about one
school goes through a function taking that school (DESIGN.md §3 rule 3); none loops over schools."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from office.clusters.models import (
    Cluster,
    ClusterResult,
    ClusterScore,
    ClusterSeat,
    Criterion,
    CriterionGroup,
    FlagProposal,
    Rubric,
    ScoringRound,
)
from office.clusters.scoring import Totals, explain_ties, ladder_places, totals_of
from office.core.collation import by_name
from office.core.school_years import school_year_end
from office.rules.selectors import active_rules

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


# --- the cluster's proposal for Cờ thi đua ---------------------------------------------------------


@dataclass(frozen=True)
class FlagProposalPlan:
    """What the cluster would propose from a round's ranking. `missing` names the schools of the
    cluster without a ranked final score in the round: while any is missing, nothing can be recorded
    and `refusal` says why in Vietnamese."""

    entries: list[dict]
    ties: list[str]
    basis: str
    missing: list[str]
    refusal: str = ""

    @property
    def ready(self) -> bool:
        return not self.refusal


def _totals_by_seat(scoring_round: ScoringRound, results) -> dict[int, Totals]:
    """The totals TIE_RULE compares, from the office's final scores (as publish_round ranks them); a
    result without such scores keeps only its stored total."""
    criteria = rubric_criteria(scoring_round.rubric)
    points: dict[int, dict] = defaultdict(dict)
    for seat_id, criterion_id, value in scoring_round.scores.filter(
        stage=ClusterScore.Stage.OFFICE
    ).values_list("seat_id", "criterion_id", "points"):
        points[seat_id][criterion_id] = value
    totals = {}
    for result in results:
        if result.seat_id in points:
            totals[result.seat_id] = totals_of(points[result.seat_id], criteria)
        else:
            totals[result.seat_id] = Totals(total=Decimal(result.final_total or 0))
    return totals


def flag_proposal_plan(scoring_round: ScoringRound) -> FlagProposalPlan:
    """The proposal the ranking of `scoring_round` leads to: the forms of the cluster.flag_proposal
    ladder in force at the end of the school year for the cluster's authority, one step per rank (a
    shared rank shares its step and says the cluster must choose), with every tie explained."""
    cluster = scoring_round.cluster
    school_year = cluster.school_year
    rule = active_rules(date(school_year_end(school_year), 8, 31), cluster.authority).get(
        "cluster.flag_proposal"
    )
    ladder = list(rule.param("ladder", []) or []) if rule is not None else []
    basis = rule.article if rule is not None else ""
    results = results_of(scoring_round)
    seats = list(
        ClusterSeat.objects.filter(cluster=cluster).select_related("school").order_by(by_name("school__name"))
    )
    ranked_seats = {r.seat_id for r in results if r.rank is not None and r.final_total is not None}
    missing = [seat.school.name for seat in seats if seat.pk not in ranked_seats]
    refusal = ""
    if not seats:
        refusal = "Cụm chưa có trường nào."
    elif missing or scoring_round.stage not in SHOWN_STAGES:
        lacking = f" (còn thiếu: {', '.join(missing)})" if missing else ""
        refusal = (
            f"Chưa ghi nhận được đề nghị Cờ thi đua: chưa đủ điểm thi đua năm học {school_year} của mọi trường "
            f"trong cụm{lacking}. Đề nghị được lập khi cơ quan quản lý đã duyệt điểm và công bố xếp hạng "
            "của tất cả các trường."
        )
    elif not ladder:
        refusal = f"Chưa có quy định về hình thức đề nghị của cụm áp dụng cho năm học {school_year}."
    ranked = [r for r in results if r.seat_id in ranked_seats]
    totals = _totals_by_seat(scoring_round, ranked) if ranked else {}
    steps = ladder_places([r.rank for r in ranked], len(ladder))
    counts = defaultdict(int)
    for result in ranked:
        counts[result.rank] += 1
    entries = []
    for result in ranked:
        step = steps.get(result.rank)
        if step is None:
            continue
        form = ladder[step]
        entries.append(
            {
                "school_id": result.seat.school_id,
                "school_code": result.seat.school.code,
                "school_name": result.seat.school.name,
                "rank": result.rank,
                "total": str(result.final_total),
                "label": form.get("label", ""),
                "title": form.get("title", ""),
                "issuer_level": form.get("issuer_level", ""),
                "shared": counts[result.rank] > 1,
            }
        )
    ties = explain_ties([(r.seat.school.name, totals[r.seat_id], r.rank) for r in ranked])
    for value, count in sorted(counts.items()):
        if count > 1 and value in steps:
            ties.append(
                f"{count} trường đồng hạng {value} cùng được đưa vào “{ladder[steps[value]].get('label', '')}”: "
                "cụm biểu quyết chọn một trường trước khi trình."
            )
    return FlagProposalPlan(entries, ties, basis, missing, refusal)


def flag_proposals_of(clusters, school_year: str):
    """The proposals recorded by the given clusters for a year, with their cluster: one query."""
    return (
        FlagProposal.objects.filter(cluster__in=clusters, school_year=school_year)
        .select_related("cluster", "recorded_by")
        .order_by(by_name("cluster__name"), "pk")
    )


def flag_proposal_of(scoring_round: ScoringRound) -> FlagProposal | None:
    return FlagProposal.objects.filter(round=scoring_round).select_related("recorded_by").first()
