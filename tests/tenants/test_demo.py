from django.core.management import call_command
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role
from plans.models import Staff
from tenants.demo import DEMO_ACCOUNTS, DEMO_SCHOOLS
from tenants.models import School


def test_demo_office_loads_once_with_every_role(db, capsys, local_storage):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo", "--quiet")
    codes = {spec.code for spec in DEMO_SCHOOLS}
    assert set(School.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert len(codes) >= 5
    assert {"mam_non", "tieu_hoc", "thcs"} <= set(
        School.objects.filter(code__in=codes).values_list("level", flat=True)
    )
    roles = set(
        Membership.objects.filter(user__username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == set(Role.values)
    for spec in DEMO_SCHOOLS:
        with schema_context(spec.code):
            assert Staff.objects.count() == spec.staff_count  # the second load added nobody
    assert "http://lequydon.localhost:" in first
    assert "lqd.hieutruong" in first and "tdkt2026" in first
    _check_demo_clusters()


def _check_demo_clusters():
    """Two clusters a year, covenants signed, the end-of-year rounds published with ranks and
    proposals, the mid-year round still in self-scoring with Lê Lợi's draft; nothing doubled."""
    from office.accounts.models import User
    from office.clusters.models import Cluster, ClusterResult, Rubric, ScoringRound
    from office.submissions.models import Submission
    from plans.self_assessment.models import SelfAssessment

    assert Rubric.objects.filter(name__startswith="Bảng tiêu chí chấm điểm thi đua cụm trường").count() == 2
    for year in ("2024-2025", "2025-2026"):
        clusters = {c.name: c for c in Cluster.objects.filter(school_year=year).select_related("leader")}
        assert set(clusters) == {"Cụm 1 – Tiểu học và THCS", "Cụm 2 – Mầm non"}
        assert clusters["Cụm 1 – Tiểu học và THCS"].leader.code == "lequydon"
        assert clusters["Cụm 2 – Mầm non"].leader.code == "yenhoa"
        for cluster in clusters.values():
            assert not cluster.seats.filter(covenant_signed_at__isnull=True).exists()
            final = cluster.rounds.get(name=f"Tổng kết năm học {year}")
            assert final.stage == ScoringRound.Stage.PUBLISHED
            results = list(final.results.order_by("rank"))
            assert [r.rank for r in results] == list(range(1, len(results) + 1))
            assert results[0].proposal == ClusterResult.Proposal.FLAG and results[1].proposal == "bang_khen"
            assert all(r.final_total and r.group_totals for r in results)
    assert ScoringRound.objects.filter(name__startswith="Tổng kết").count() == 4
    mid = ScoringRound.objects.get(
        name="Sơ kết học kỳ I năm học 2025-2026", cluster__name__startswith="Cụm 1"
    )
    assert mid.stage == ScoringRound.Stage.SELF_SCORING
    with schema_context("leloi"):
        draft = SelfAssessment.objects.get(round_id=mid.pk)
        assert draft.state == "draft" and draft.scores.count() == 3
    assert Submission.objects.filter(kind="self_assessment").count() == 10  # 5 schools × 2 years, once
    cluster_1 = Cluster.objects.get(school_year="2025-2026", name__startswith="Cụm 1")
    assert User.objects.get(username="lqd.hieutruong").has_perm("clusters.lead_cluster", cluster_1)
    assert not User.objects.get(username="yh.hieutruong").has_perm("clusters.lead_cluster", cluster_1)
