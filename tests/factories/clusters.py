"""A cluster of three schools of the test office (truonga with its schema, and two more registered
without one, as office-side work never enters a school's schema), a published rubric and a round."""

from dataclasses import dataclass

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role, grant_school_role
from office.clusters import services
from tenants.models import School


@dataclass
class ClusterWorld:
    world: object
    rubric: object
    criteria: dict
    cluster: object
    school_c: object
    school_d: object
    principal_c: object
    principal_d: object
    head: object
    round: object


def make_school(code, name, authority):
    return School.objects.create(
        schema_name=code, code=code, name=name, level="tieu_hoc", authority=authority
    )


def build_rubric(authority, user, school_year="2025-2026", name="Bảng tiêu chí thử"):
    rubric = services.create_rubric(authority=authority, school_year=school_year, name=name, user=user)
    one = services.add_group(rubric, code="I", name="Thực hiện nhiệm vụ", user=user)
    two = services.add_group(rubric, code="II", name="Phong trào thi đua", user=user)
    criteria = {
        "1.1": services.add_criterion(
            one,
            code="1.1",
            text="Kế hoạch năm học",
            kind="standard",
            max_points=10,
            evidence_required=True,
            user=user,
        ),
        "1.2": services.add_criterion(
            one,
            code="1.2",
            text="Chất lượng dạy học",
            kind="standard",
            max_points=20,
            evidence_required=False,
            user=user,
        ),
        "2.1": services.add_criterion(
            two,
            code="2.1",
            text="Phong trào",
            kind="standard",
            max_points=10,
            evidence_required=False,
            user=user,
        ),
        "T": services.add_criterion(
            two, code="T", text="Điểm thưởng", kind="bonus", max_points=5, evidence_required=False, user=user
        ),
        "P": services.add_criterion(
            two, code="P", text="Điểm trừ", kind="penalty", max_points=5, evidence_required=False, user=user
        ),
    }
    return rubric, criteria


def evidence(school, name="ke-hoach.pdf"):
    return [
        {
            "key": f"schools/{school.schema_name}/other/abc/{name}",
            "filename": name,
            "sha256": "0" * 64,
            "size": 1234,
            "content_type": "application/pdf",
        }
    ]


def items(criteria, school, **points):
    """Self-assessment items: every criterion 0 unless given (by code, dots as underscores)."""
    rows = []
    for code, criterion in criteria.items():
        value = points.get(code.replace(".", "_"), 0)
        rows.append(
            {
                "criterion": criterion.pk,
                "points": str(value),
                "note": f"Giải trình {code}",
                "evidence": evidence(school) if criterion.evidence_required else [],
            }
        )
    return rows


@pytest.fixture
def cw(world) -> ClusterWorld:
    user = world.specialist
    head = ensure_user(username="truongphong", full_name="Lãnh Đạo Phòng", password="x")
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    school_c = make_school("truongc", "Trường Tiểu học C", world.office)
    school_d = make_school("truongd", "Trường Tiểu học D", world.office)
    principal_c = ensure_user(username="hieutruong.c", full_name="Hiệu Trưởng C", password="x")
    principal_d = ensure_user(username="hieutruong.d", full_name="Hiệu Trưởng D", password="x")
    grant_school_role(principal_c, school_c, Role.PRINCIPAL)
    grant_school_role(principal_d, school_d, Role.PRINCIPAL)
    rubric, criteria = build_rubric(world.office, user)
    services.publish_rubric(rubric, user=user)
    cluster = services.create_cluster(
        authority=world.office,
        school_year="2025-2026",
        name="Cụm 1",
        user=user,
        rubric=rubric,
        cross_scoring=True,
    )
    for school in (world.school_a, school_c, school_d):
        services.add_seat(cluster, school, user=user)
    services.set_leader(cluster, leader=school_c, deputy=world.school_a, user=user)
    scoring_round = services.create_round(
        cluster, name="Cuối năm", user=user, flag_places=1, commendation_places=1
    )
    return ClusterWorld(
        world, rubric, criteria, cluster, school_c, school_d, principal_c, principal_d, head, scoring_round
    )


def submit_all(cw, a=None, c=None, d=None):
    """Every school submits; defaults give A 38, C 35, D 30 (before bonus and penalty)."""
    w = cw.world
    plans = (
        (w.school_a, w.principal_a, a or {"1_1": 9, "1_2": 19, "2_1": 10}),
        (cw.school_c, cw.principal_c, c or {"1_1": 8, "1_2": 18, "2_1": 9}),
        (cw.school_d, cw.principal_d, d or {"1_1": 7, "1_2": 15, "2_1": 8}),
    )
    for school, principal, points in plans:
        services.submit_self_assessment(
            school=school, scoring_round=cw.round, items=items(cw.criteria, school, **points), user=principal
        )
