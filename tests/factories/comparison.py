"""Clusters, rounds and results written straight into the models (the scoring services are another
part's), for the comparison's tests. Schools made here are public-schema rows only: the comparison never
opens a school's schema, so they need none."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from guardian.shortcuts import assign_perm

from office.clusters.models import (
    Cluster,
    ClusterResult,
    ClusterSeat,
    Criterion,
    CriterionGroup,
    Rubric,
    ScoringRound,
)
from tenants.models import School

# Group code → (name, maximum points of its standard criteria).
GROUPS = {
    "I": ("Thực hiện nhiệm vụ chính trị, chuyên môn", [Decimal("30"), Decimal("20")]),
    "II": ("Xây dựng đội ngũ, cơ sở vật chất", [Decimal("25")]),
    "III": ("Công tác thi đua, khen thưởng", [Decimal("15"), Decimal("10")]),
}


def school(authority, code: str, name: str, level: str = "tieu_hoc") -> School:
    return School.objects.create(code=code, name=name, level=level, authority=authority, schema_name=code)


def rubric(authority, school_year: str, name: str = "Bảng tiêu chí thi đua cụm") -> tuple[Rubric, dict]:
    """A published rubric with groups I–III (and a bonus item in III), and its groups by code."""
    made = Rubric.objects.create(
        authority=authority, school_year=school_year, name=name, state=Rubric.State.PUBLISHED
    )
    groups = {}
    for position, (code, (group_name, maxima)) in enumerate(GROUPS.items()):
        group = CriterionGroup.objects.create(rubric=made, position=position, code=code, name=group_name)
        for index, max_points in enumerate(maxima, start=1):
            Criterion.objects.create(
                group=group,
                position=index,
                code=f"{position + 1}.{index}",
                text=f"Tiêu chí {code}.{index}",
                max_points=max_points,
            )
        groups[code] = group
    Criterion.objects.create(
        group=groups["III"],
        position=9,
        code="3.9",
        text="Điểm thưởng",
        kind=Criterion.Kind.BONUS,
        max_points=Decimal("5"),
    )
    return made, groups


def cluster(
    authority, school_year: str, name: str, schools: list[School], *, leader=None, rubric_=None
) -> Cluster:
    made = Cluster.objects.create(
        authority=authority, school_year=school_year, name=name, leader=leader, rubric=rubric_
    )
    for one in schools:
        ClusterSeat.objects.create(cluster=made, school=one, school_year=school_year)
    return made


def scoring_round(
    cluster_: Cluster,
    rubric_: Rubric,
    name: str,
    *,
    stage=ScoringRound.Stage.PUBLISHED,
    published_on: datetime.date | None = None,
) -> ScoringRound:
    published_at = None
    if stage in (ScoringRound.Stage.PUBLISHED, ScoringRound.Stage.CLOSED):
        day = published_on or datetime.date(int(cluster_.school_year[-4:]), 5, 25)
        published_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return ScoringRound.objects.create(
        cluster=cluster_, rubric=rubric_, name=name, stage=stage, published_at=published_at
    )


def result(
    scoring_round_: ScoringRound,
    school_: School,
    group_points: dict,
    *,
    rank=None,
    proposal="",
    as_strings: bool = False,
) -> ClusterResult:
    """A school's result in a round: points per group (by CriterionGroup), the final total their sum."""
    seat = ClusterSeat.objects.get(cluster=scoring_round_.cluster, school=school_)
    total = sum((Decimal(str(p)) for p in group_points.values()), Decimal("0"))
    return ClusterResult.objects.create(
        round=scoring_round_,
        seat=seat,
        final_total=total,
        # Points stored as JSON numbers or as strings: the comparison reads both.
        group_totals={str(g.pk): (str(p) if as_strings else float(p)) for g, p in group_points.items()},
        rank=rank,
        proposal=proposal,
    )


def lead(user, cluster_: Cluster) -> None:
    assign_perm("clusters.lead_cluster", user, cluster_)
