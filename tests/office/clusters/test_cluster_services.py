from decimal import Decimal

import pytest

from office.audit.models import AuditEvent
from office.clusters import services
from office.clusters.models import ClusterResult, ClusterScore, ClusterSeat, Rubric, ScoringRound
from office.clusters.permissions import leads_cluster, led_clusters
from office.clusters.services import ClusterError, ClusterNotFound
from office.submissions.models import Submission
from tests.factories.clusters import build_rubric, evidence, items, make_school, submit_all


def test_naming_a_leader_grants_the_principal_and_renaming_revokes_it(cw):
    w = cw.world
    assert leads_cluster(cw.principal_c, cw.cluster)
    assert not leads_cluster(w.principal_a, cw.cluster)
    services.set_leader(cw.cluster, leader=w.school_a, deputy=cw.school_c, user=w.specialist)
    fresh = type(cw.principal_c).objects.get(pk=cw.principal_c.pk)  # guardian caches per user object
    assert not leads_cluster(fresh, cw.cluster)
    assert leads_cluster(type(w.principal_a).objects.get(pk=w.principal_a.pk), cw.cluster)
    assert list(led_clusters(w.principal_a)) == [cw.cluster]
    assert AuditEvent.objects.filter(action="cluster.leader_named", object_id=str(cw.cluster.pk)).count() == 2


def test_leader_and_deputy_must_be_seats_and_different(cw):
    other = make_school("truonge", "Trường E", cw.world.office)
    with pytest.raises(ClusterError, match="phải là một trường trong cụm"):
        services.set_leader(cw.cluster, leader=other, deputy=None, user=cw.world.specialist)
    with pytest.raises(ClusterError, match="hai trường khác nhau"):
        services.set_leader(cw.cluster, leader=cw.school_c, deputy=cw.school_c, user=cw.world.specialist)


def test_a_school_sits_in_one_cluster_a_year_and_another_offices_school_is_refused(cw):
    w = cw.world
    second = services.create_cluster(
        authority=w.office, school_year="2025-2026", name="Cụm 2", user=w.specialist
    )
    with pytest.raises(ClusterError, match="đã thuộc “Cụm 1” năm học 2025-2026"):
        services.add_seat(second, cw.school_d, user=w.specialist)
    with pytest.raises(ClusterNotFound):
        services.add_seat(second, w.school_b, user=w.specialist)  # school_b belongs to another office
    assert not ClusterSeat.objects.filter(cluster=second).exists()
    next_year = services.create_cluster(
        authority=w.office, school_year="2026-2027", name="Cụm 1", user=w.specialist
    )
    services.add_seat(next_year, cw.school_d, user=w.specialist)  # another year is fine


def test_rubric_is_locked_once_published_and_can_be_copied_to_next_year(cw):
    w = cw.world
    group = cw.rubric.groups.first()
    with pytest.raises(ClusterError, match="đã ban hành"):
        services.add_criterion(
            group,
            code="9",
            text="Mới",
            kind="standard",
            max_points=5,
            evidence_required=False,
            user=w.specialist,
        )
    copy = services.copy_rubric(cw.rubric, school_year="2026-2027", user=w.specialist, name="Bảng mới")
    assert copy.state == Rubric.State.DRAFT
    codes = [c.code for g in copy.groups.order_by("position") for c in g.criteria.order_by("position")]
    assert codes == ["1.1", "1.2", "2.1", "T", "P"]
    first = copy.groups.order_by("position").first()
    services.add_criterion(
        first,
        code="1.3",
        text="Mới",
        kind="standard",
        max_points=5,
        evidence_required=False,
        user=w.specialist,
    )
    crit = first.criteria.order_by("position").last()
    services.move_criterion(crit, direction="len", user=w.specialist)
    assert [c.code for c in first.criteria.order_by("position")] == ["1.1", "1.3", "1.2"]


def test_a_draft_rubric_used_by_a_round_is_locked_too(world):
    rubric, _ = build_rubric(world.office, world.specialist, name="Nháp")
    with pytest.raises(ClusterError, match=r"lớn hơn 0|tối đa"):
        services.add_criterion(
            rubric.groups.first(),
            code="x",
            text="x",
            kind="standard",
            max_points=0,
            evidence_required=False,
            user=world.specialist,
        )
    cluster = services.create_cluster(
        authority=world.office, school_year="2025-2026", name="C", user=world.specialist, rubric=rubric
    )
    with pytest.raises(ClusterError, match="bảng tiêu chí đã ban hành"):
        services.create_round(cluster, name="Đợt", user=world.specialist)


def test_self_assessment_is_stored_from_the_submission_and_can_be_resubmitted(cw):
    w = cw.world
    sub = services.submit_self_assessment(
        school=w.school_a,
        scoring_round=cw.round,
        items=items(cw.criteria, w.school_a, **{"1_1": 9, "T": 2, "P": 1}),
        user=w.principal_a,
    )
    assert (sub.kind, sub.reference, sub.version) == ("self_assessment", f"round:{cw.round.pk}", 1)
    result = ClusterResult.objects.get(round=cw.round, seat__school=w.school_a)
    assert result.self_total == Decimal("10.00") and result.submission == sub
    score = ClusterScore.objects.get(
        round=cw.round, seat__school=w.school_a, criterion=cw.criteria["1.1"], stage="self"
    )
    assert score.evidence[0]["filename"] == "ke-hoach.pdf" and score.evidence[0]["sha256"] == "0" * 64
    again = services.submit_self_assessment(
        school=w.school_a,
        scoring_round=cw.round,
        items=items(cw.criteria, w.school_a, **{"1_1": 10}),
        user=w.principal_a,
    )
    assert again.version == 2
    result.refresh_from_db()
    assert result.self_total == Decimal("10.00") and result.submission == again
    assert ClusterScore.objects.filter(round=cw.round, seat__school=w.school_a, stage="self").count() == 5
    assert AuditEvent.objects.filter(action="self_assessment.submitted").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"1_1": 11}, "tối đa 10 điểm"),
        ({"1_2": -1}, "không được âm"),
        ({"1_2": "abc"}, "không phải là số điểm"),
    ],
)
def test_bad_self_scores_are_refused_and_change_nothing(cw, change, message):
    w = cw.world
    with pytest.raises(ClusterError, match=message):
        services.submit_self_assessment(
            school=w.school_a,
            scoring_round=cw.round,
            items=items(cw.criteria, w.school_a, **change),
            user=w.principal_a,
        )
    assert not Submission.objects.filter(kind="self_assessment").exists()
    assert not ClusterScore.objects.filter(round=cw.round).exists()


def test_missing_evidence_or_criteria_are_refused(cw):
    w = cw.world
    rows = items(cw.criteria, w.school_a, **{"1_1": 5})
    rows[0]["evidence"] = []
    with pytest.raises(ClusterError, match=r"bắt buộc có minh chứng.*1\.1"):
        services.submit_self_assessment(
            school=w.school_a, scoring_round=cw.round, items=rows, user=w.principal_a
        )
    with pytest.raises(ClusterError, match=r"Chưa chấm đủ các tiêu chí: 1\.2"):
        services.submit_self_assessment(
            school=w.school_a,
            scoring_round=cw.round,
            items=[rows[0] | {"evidence": evidence(w.school_a)}],
            user=w.principal_a,
        )
    foreign = items(cw.criteria, w.school_a, **{"1_1": 5})
    foreign[0]["evidence"] = evidence(cw.school_c)
    with pytest.raises(ClusterError, match="không phải của nhà trường"):
        services.submit_self_assessment(
            school=w.school_a, scoring_round=cw.round, items=foreign, user=w.principal_a
        )
    assert not Submission.objects.filter(kind="self_assessment").exists()


def test_a_school_outside_the_cluster_or_a_teacher_cannot_submit(cw):
    w = cw.world
    with pytest.raises(ClusterNotFound):
        services.submit_self_assessment(
            school=w.school_b, scoring_round=cw.round, items=[], user=w.principal_b
        )
    with pytest.raises(ClusterError, match="Chỉ Hiệu trưởng"):
        services.submit_self_assessment(
            school=w.school_a, scoring_round=cw.round, items=items(cw.criteria, w.school_a), user=w.teacher_a
        )


def test_the_approval_order_runs_up_the_hierarchy(cw):
    w = cw.world
    services.submit_self_assessment(
        school=w.school_a,
        scoring_round=cw.round,
        items=items(cw.criteria, w.school_a, **{"1_1": 9}),
        user=w.principal_a,
    )
    with pytest.raises(ClusterError, match="mọi trường trong cụm đã nộp"):
        services.open_leader_review(cw.round, user=cw.principal_c)
    with pytest.raises(ClusterError, match="chưa tới bước “Cụm trưởng thẩm định”"):
        services.set_leader_score(
            scoring_round=cw.round,
            seat_id=cw.round.results.first().seat_id,
            criterion_id=cw.criteria["1.1"].pk,
            points=5,
            user=cw.principal_c,
        )
    with pytest.raises(ClusterError, match="chưa tới bước"):
        services.leader_approve(cw.round, user=cw.principal_c)
    submit_all(cw)
    services.open_leader_review(cw.round, user=cw.principal_c)
    with pytest.raises(ClusterError, match="đã qua bước “Các trường tự chấm”"):
        submit_all(cw)
    with pytest.raises(ClusterError, match="chưa tới bước “Cơ quan quản lý"):
        services.office_approve(cw.round, user=w.specialist)
    seat_a = ClusterSeat.objects.get(cluster=cw.cluster, school=w.school_a)
    services.set_leader_score(
        scoring_round=cw.round,
        seat_id=seat_a.pk,
        criterion_id=cw.criteria["1.2"].pk,
        points="17,5",
        user=cw.principal_c,
    )
    services.leader_approve(cw.round, user=cw.principal_c)
    result_a = ClusterResult.objects.get(round=cw.round, seat=seat_a)
    assert result_a.leader_total == Decimal("36.50") and result_a.leader_approved_at
    with pytest.raises(ClusterError, match="đã qua bước “Cụm trưởng thẩm định”"):
        services.set_leader_score(
            scoring_round=cw.round,
            seat_id=seat_a.pk,
            criterion_id=cw.criteria["1.2"].pk,
            points=1,
            user=cw.principal_c,
        )
    with pytest.raises(ClusterError, match="duyệt kết quả của mọi trường"):
        services.publish_round(cw.round, user=w.specialist)
    services.set_office_score(
        scoring_round=cw.round,
        seat_id=seat_a.pk,
        criterion_id=cw.criteria["P"].pk,
        points=2,
        user=w.specialist,
    )
    services.office_approve(cw.round, user=w.specialist, seat_ids=[seat_a.pk])
    result_a.refresh_from_db()
    assert result_a.final_total == Decimal("34.50")
    assert result_a.group_totals == {
        str(cw.criteria["1.1"].group_id): "26.50",
        str(cw.criteria["2.1"].group_id): "8.00",
    }
    with pytest.raises(ClusterError, match="đã được duyệt nên điểm đã khoá"):
        services.set_office_score(
            scoring_round=cw.round,
            seat_id=seat_a.pk,
            criterion_id=cw.criteria["P"].pk,
            points=0,
            user=w.specialist,
        )
    services.office_approve(cw.round, user=w.specialist)
    services.publish_round(cw.round, user=w.specialist)
    ranking = {
        r.seat.school.code: (r.rank, r.proposal, r.final_total)
        for r in cw.round.results.select_related("seat__school")
    }
    assert ranking == {
        "truongc": (1, "co_thi_dua", Decimal("35.00")),
        "truonga": (2, "bang_khen", Decimal("34.50")),
        "truongd": (3, "", Decimal("30.00")),
    }
    services.close_round(cw.round, user=w.specialist)
    with pytest.raises(ClusterError, match="Đợt chấm đã khoá"):
        services.set_office_score(
            scoring_round=cw.round,
            seat_id=seat_a.pk,
            criterion_id=cw.criteria["P"].pk,
            points=0,
            user=w.specialist,
        )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"cluster_score.leader_approved", "cluster_round.published", "cluster_result.approved"} <= actions


def test_cross_scoring_others_only_and_the_average(cw):
    w = cw.world
    submit_all(cw)
    services.open_leader_review(cw.round, user=cw.principal_c)
    seat_a = ClusterSeat.objects.get(cluster=cw.cluster, school=w.school_a)
    seat_d = ClusterSeat.objects.get(cluster=cw.cluster, school=cw.school_d)
    crit = cw.criteria["1.2"].pk
    with pytest.raises(ClusterError, match="không chấm chéo cho chính mình"):
        services.set_cross_score(
            scorer_school=w.school_a,
            scoring_round=cw.round,
            seat_id=seat_a.pk,
            criterion_id=crit,
            points=10,
            user=w.principal_a,
        )
    with pytest.raises(ClusterNotFound):
        services.set_cross_score(
            scorer_school=w.school_b,
            scoring_round=cw.round,
            seat_id=seat_a.pk,
            criterion_id=crit,
            points=10,
            user=w.principal_b,
        )
    with pytest.raises(ClusterError, match="tối đa 20"):
        services.set_cross_score(
            scorer_school=w.school_a,
            scoring_round=cw.round,
            seat_id=seat_d.pk,
            criterion_id=crit,
            points=21,
            user=w.principal_a,
        )
    services.set_cross_score(
        scorer_school=w.school_a,
        scoring_round=cw.round,
        seat_id=seat_d.pk,
        criterion_id=crit,
        points=14,
        user=w.principal_a,
    )
    services.set_cross_score(
        scorer_school=cw.school_c,
        scoring_round=cw.round,
        seat_id=seat_d.pk,
        criterion_id=crit,
        points=15,
        user=cw.principal_c,
    )
    from office.clusters.selectors import cross_averages

    assert cross_averages(cw.round)[(seat_d.pk, crit)] == (Decimal("14.50"), 2)
    cw.cluster.cross_scoring = False
    cw.cluster.save()
    with pytest.raises(ClusterError, match="không chấm chéo"):
        services.set_cross_score(
            scorer_school=w.school_a,
            scoring_round=cw.round,
            seat_id=seat_d.pk,
            criterion_id=crit,
            points=1,
            user=w.principal_a,
        )


def test_tie_rule_standard_then_penalty_then_bonus_then_shared_rank(cw):
    w = cw.world
    # A: 30 standard + 2 bonus − 0 = 32; C: 32 standard − 0 = 32; D: 33 standard − 1 = 32 → D, C, A.
    submit_all(
        cw,
        a={"1_1": 10, "1_2": 10, "2_1": 10, "T": 2},
        c={"1_1": 10, "1_2": 12, "2_1": 10},
        d={"1_1": 10, "1_2": 13, "2_1": 10, "P": 1},
    )
    services.open_leader_review(cw.round, user=cw.principal_c)
    services.leader_approve(cw.round, user=cw.principal_c)
    services.office_approve(cw.round, user=w.specialist)
    services.publish_round(cw.round, user=w.specialist)
    ranks = {r.seat.school.code: r.rank for r in cw.round.results.select_related("seat__school")}
    assert ranks == {"truongd": 1, "truongc": 2, "truonga": 3}


def test_equal_on_every_step_share_the_rank_and_the_proposal(cw):
    w = cw.world
    same = {"1_1": 8, "1_2": 15, "2_1": 7}
    submit_all(cw, a=same, c=same, d={"1_1": 1, "1_2": 1, "2_1": 1})
    services.open_leader_review(cw.round, user=cw.principal_c)
    services.leader_approve(cw.round, user=cw.principal_c)
    services.office_approve(cw.round, user=w.specialist)
    services.publish_round(cw.round, user=w.specialist)
    got = {r.seat.school.code: (r.rank, r.proposal) for r in cw.round.results.select_related("seat__school")}
    assert got == {"truonga": (1, "co_thi_dua"), "truongc": (1, "co_thi_dua"), "truongd": (3, "")}


def test_the_office_head_unapproves_with_a_reason_and_later_edits_are_counted(cw):
    w = cw.world
    submit_all(cw)
    services.open_leader_review(cw.round, user=cw.principal_c)
    services.leader_approve(cw.round, user=cw.principal_c)
    services.office_approve(cw.round, user=w.specialist)
    services.publish_round(cw.round, user=w.specialist)
    result = ClusterResult.objects.get(round=cw.round, seat__school=w.school_a)
    with pytest.raises(ClusterError, match="lý do"):
        services.unapprove_result(result, reason="  ", user=cw.head)
    services.unapprove_result(result, reason="Minh chứng tiêu chí 1.1 chưa đúng", user=cw.head)
    cw.round.refresh_from_db()
    assert cw.round.stage == ScoringRound.Stage.OFFICE_REVIEW and cw.round.published_at is None
    assert not cw.round.results.filter(rank__isnull=False).exists()
    services.set_office_score(
        scoring_round=cw.round,
        seat_id=result.seat_id,
        criterion_id=cw.criteria["1.1"].pk,
        points=5,
        user=w.specialist,
    )
    services.set_office_score(
        scoring_round=cw.round,
        seat_id=result.seat_id,
        criterion_id=cw.criteria["1.2"].pk,
        points=15,
        user=w.specialist,
    )
    result.refresh_from_db()
    assert result.edits_after_approval == 2 and result.unapproval_reason.startswith("Minh chứng")
    event = AuditEvent.objects.get(action="cluster_result.unapproved")
    assert event.user == cw.head and event.after["reason"] == "Minh chứng tiêu chí 1.1 chưa đúng"


def test_covenant_is_signed_once_by_the_principal(cw):
    w = cw.world
    services.save_covenant(
        cw.cluster, title="Giao ước thi đua", text="Các trường cam kết…", sign_by=None, user=w.specialist
    )
    with pytest.raises(ClusterError, match="Chỉ Hiệu trưởng"):
        services.sign_covenant(school=w.school_a, school_year="2025-2026", user=w.teacher_a)
    seat = services.sign_covenant(school=w.school_a, school_year="2025-2026", user=w.principal_a)
    assert seat.covenant_signed_by == w.principal_a and seat.covenant_signed_at
    with pytest.raises(ClusterError, match="đã ký"):
        services.sign_covenant(school=w.school_a, school_year="2025-2026", user=w.principal_a)
    with pytest.raises(ClusterNotFound):
        services.sign_covenant(school=w.school_b, school_year="2025-2026", user=w.principal_b)
    with pytest.raises(ClusterError, match="không sửa được nội dung"):
        services.save_covenant(
            cw.cluster, title="Giao ước thi đua", text="Khác", sign_by=None, user=w.specialist
        )
    assert AuditEvent.objects.filter(action="covenant.signed").count() == 1


def test_a_principal_appointed_after_the_leader_was_named_leads_and_loses_it_with_the_role(cw):
    from office.accounts.models import Membership, Role
    from office.accounts.services import ensure_user, grant_school_role

    newcomer = ensure_user(username="hieutruong.moi", full_name="Hiệu Trưởng Mới", password="x")
    assert not led_clusters(newcomer).exists()
    grant_school_role(newcomer, cw.school_c, Role.VICE_PRINCIPAL)  # a deputy does not lead the cluster
    assert not led_clusters(newcomer).exists()
    grant_school_role(newcomer, cw.school_c, Role.PRINCIPAL)
    assert list(led_clusters(newcomer)) == [cw.cluster]
    grant_school_role(newcomer, cw.school_d, Role.PRINCIPAL)  # D leads nothing: nothing more
    assert list(led_clusters(newcomer)) == [cw.cluster]
    Membership.objects.get(user=newcomer, school=cw.school_c, role=Role.PRINCIPAL).delete()
    assert not led_clusters(newcomer).exists()
    assert list(led_clusters(cw.principal_c)) == [cw.cluster]  # the other principal keeps it
