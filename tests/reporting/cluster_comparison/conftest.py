from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role, grant_school_role
from office.authorities.models import Authority
from office.clusters.models import ClusterResult
from tests.factories import comparison as make


@dataclass
class Clusters:
    x: object  # the cluster principal_a leads (office t-office), 3 schools
    y: object  # another cluster of the same office, led by leader_y
    z: object  # a cluster of the other office, led by principal_b
    leader_y: object
    city_specialist: object
    groups: dict  # code → CriterionGroup of X's rubric
    final: object  # X's published end-of-year round
    midyear: object  # X's earlier round, still at the leader's review
    hoasen: object
    binhminh: object
    secret: object  # a school of Y whose figures must not leak to X's leader


@pytest.fixture
def clusters(world) -> Clusters:
    """Three clusters of 2024-2025 with published results, and the 2023-2024 clusters their schools sat
    in. Y and Z hold figures (97,25; 66,75; 95,5) that nobody outside them may see."""
    office, other = world.office, world.other_office
    hoasen = make.school(office, "hoasen", "Trường Tiểu học Hoa Sen")
    binhminh = make.school(office, "binhminh", "Trường Tiểu học Bình Minh")
    secret = make.school(office, "bimat2", "Trường Tiểu học Bí Mật Cụm Hai")
    kindao = make.school(office, "kindao", "Trường THCS Kín Đáo", "thcs")
    khacphong = make.school(other, "khacphong", "Trường Mầm non Khác Phòng", "mam_non")

    rubric, groups = make.rubric(office, "2024-2025")
    x = make.cluster(
        office,
        "2024-2025",
        "Cụm thi đua số 1",
        [world.school_a, hoasen, binhminh],
        leader=world.school_a,
        rubric_=rubric,
    )
    midyear = make.scoring_round(x, rubric, "Đợt chấm giữa năm", stage="leader")
    make.result(
        midyear, world.school_a, {groups["I"]: D("40"), groups["II"]: D("20"), groups["III"]: D("15")}
    )
    final = make.scoring_round(x, rubric, "Đợt chấm cuối năm")
    make.result(
        final,
        world.school_a,
        {groups["I"]: D("45.5"), groups["II"]: D("22"), groups["III"]: D("20.25")},
        rank=2,
        proposal=ClusterResult.Proposal.COMMENDATION,
    )
    make.result(
        final,
        hoasen,
        {groups["I"]: D("48"), groups["II"]: D("24.5"), groups["III"]: D("21")},
        rank=1,
        proposal=ClusterResult.Proposal.FLAG,
        as_strings=True,
    )
    make.result(
        final, binhminh, {groups["I"]: D("40"), groups["II"]: D("20"), groups["III"]: D("18.5")}, rank=3
    )

    y = make.cluster(office, "2024-2025", "Cụm thi đua số 2", [secret, kindao], leader=secret, rubric_=rubric)
    y_round = make.scoring_round(y, rubric, "Đợt chấm cuối năm")
    make.result(
        y_round, secret, {groups["I"]: D("50"), groups["II"]: D("25"), groups["III"]: D("22.25")}, rank=1
    )
    make.result(
        y_round, kindao, {groups["I"]: D("41"), groups["II"]: D("21"), groups["III"]: D("19")}, rank=2
    )

    other_rubric, other_groups = make.rubric(other, "2024-2025", "Tiêu chí cụm phòng khác")
    z = make.cluster(
        other,
        "2024-2025",
        "Cụm thi đua phòng khác",
        [world.school_b, khacphong],
        leader=world.school_b,
        rubric_=other_rubric,
    )
    z_round = make.scoring_round(z, other_rubric, "Đợt chấm cuối năm")
    g = other_groups
    make.result(z_round, world.school_b, {g["I"]: D("30"), g["II"]: D("20"), g["III"]: D("16.75")}, rank=1)
    make.result(z_round, khacphong, {g["I"]: D("30"), g["II"]: D("20"), g["III"]: D("10")}, rank=2)

    # Last year: school A and the secret school sat together, Hoa Sen in another cluster.
    old_rubric, old_groups = make.rubric(office, "2023-2024")
    p = make.cluster(office, "2023-2024", "Cụm thi đua số 1", [world.school_a, secret], rubric_=old_rubric)
    p_round = make.scoring_round(p, old_rubric, "Đợt chấm cuối năm")
    og = old_groups
    make.result(p_round, world.school_a, {og["I"]: D("44"), og["II"]: D("20"), og["III"]: D("18.25")}, rank=2)
    make.result(p_round, secret, {og["I"]: D("50"), og["II"]: D("25"), og["III"]: D("20.5")}, rank=1)
    q = make.cluster(office, "2023-2024", "Cụm thi đua số 3", [hoasen], rubric_=old_rubric)
    q_round = make.scoring_round(q, old_rubric, "Đợt chấm cuối năm")
    make.result(q_round, hoasen, {og["I"]: D("40"), og["II"]: D("21"), og["III"]: D("18")}, rank=1)

    make.lead(world.principal_a, x)
    make.lead(world.principal_b, z)
    # No passwords: the tests sign in with force_login, and hashing one takes long on a busy machine.
    leader_y = ensure_user(username="hieutruong.y", full_name="Vũ Thị Yến")
    grant_school_role(leader_y, secret, Role.PRINCIPAL)
    make.lead(leader_y, y)
    city_specialist = ensure_user(username="chuyenvien.so", full_name="Ngô Văn Sở")
    grant_office_role(city_specialist, Authority.objects.get(code="t-city"), Role.OFFICE_SPECIALIST)
    return Clusters(x, y, z, leader_y, city_specialist, groups, final, midyear, hoasen, binhminh, secret)
