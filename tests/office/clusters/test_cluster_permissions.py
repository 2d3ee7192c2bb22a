"""Who may do what with clusters (office.clusters.permissions), over the roles that meet a cluster:
the office's specialist and head, another office's specialist, a school principal, and the cluster's
leader (the principal of the leader school, by guardian grant); and the services refusing a person
without the right before they change anything."""

import pytest

from office.audit.models import AuditEvent
from office.clusters import services
from office.clusters.models import ClusterResult, ClusterScore, ClusterSeat, ScoringRound
from office.clusters.permissions import (
    can_edit_rubric,
    can_manage_cluster,
    can_manage_clusters_of,
    can_open_leader_review,
    can_organise_clusters,
    can_review_as_leader,
    can_see_round_scores,
    can_unapprove_result,
)
from office.core.errors import Refused
from tests.factories.clusters import submit_all

ROLES = ("specialist", "head", "other_specialist", "principal_a", "leader")


def _person(cw, role):
    return {
        "specialist": cw.world.specialist,
        "head": cw.head,
        "other_specialist": cw.world.other_specialist,
        "principal_a": cw.world.principal_a,  # a school in the cluster, not its leader
        "leader": cw.principal_c,
    }[role]


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (lambda cw, u: can_organise_clusters(u), {"specialist", "head", "other_specialist"}),
        (lambda cw, u: can_manage_clusters_of(u, cw.world.office), {"specialist", "head"}),
        (lambda cw, u: can_manage_cluster(u, cw.cluster), {"specialist", "head"}),
        (lambda cw, u: can_edit_rubric(u, cw.rubric), {"specialist", "head"}),
        (lambda cw, u: can_open_leader_review(u, cw.cluster), {"specialist", "head", "leader"}),
        (lambda cw, u: can_review_as_leader(u, cw.cluster), {"leader"}),
        (lambda cw, u: can_unapprove_result(u, cw.cluster), {"head"}),
    ],
    ids=[
        "organise",
        "manage_clusters_of",
        "manage_cluster",
        "edit_rubric",
        "open_leader_review",
        "review_as_leader",
        "unapprove_result",
    ],
)
def test_truth_table(cw, predicate, allowed):
    assert {role for role in ROLES if predicate(cw, _person(cw, role))} == allowed


def test_the_leader_sees_the_scores_only_once_every_school_has_submitted(cw):
    assert not can_see_round_scores(cw.principal_c, cw.round)
    assert can_see_round_scores(cw.world.specialist, cw.round)
    assert not can_see_round_scores(cw.world.other_specialist, cw.round)
    submit_all(cw)
    assert can_see_round_scores(cw.principal_c, cw.round)
    assert not can_see_round_scores(cw.world.principal_a, cw.round)


def _events():
    return AuditEvent.objects.count()


def test_cluster_services_refuse_who_does_not_manage_the_cluster(cw):
    w, events = cw.world, _events()
    for person in (w.other_specialist, cw.principal_c):
        with pytest.raises(Refused, match="Chỉ cơ quan quản lý"):
            services.update_cluster(
                cw.cluster, name="Đổi tên", rubric=cw.rubric, cross_scoring=False, user=person
            )
        with pytest.raises(Refused):
            services.remove_seat(ClusterSeat.objects.get(cluster=cw.cluster, school=cw.school_d), user=person)
        with pytest.raises(Refused):
            services.set_leader(cw.cluster, leader=cw.school_d, deputy=None, user=person)
        with pytest.raises(Refused):
            services.save_covenant(cw.cluster, title="T", text="N", sign_by=None, user=person)
        with pytest.raises(Refused):
            services.create_round(cw.cluster, name="Đợt khác", user=person)
        with pytest.raises(Refused):
            services.create_cluster(authority=w.office, school_year="2025-2026", name="Cụm lạ", user=person)
    cw.cluster.refresh_from_db()
    assert cw.cluster.name == "Cụm 1" and cw.cluster.leader == cw.school_c
    assert cw.cluster.seats.count() == 3 and cw.cluster.rounds.count() == 1
    assert _events() == events


def test_rubric_services_refuse_another_office(cw):
    w = cw.world
    draft = services.create_rubric(
        authority=w.office, school_year="2026-2027", name="Nháp", user=w.specialist
    )
    events = _events()
    with pytest.raises(Refused, match="bảng tiêu chí"):
        services.add_group(draft, code="I", name="Nhóm", user=w.other_specialist)
    with pytest.raises(Refused):
        services.publish_rubric(draft, user=w.other_specialist)
    with pytest.raises(Refused):
        services.create_rubric(
            authority=w.office, school_year="2026-2027", name="Lạ", user=w.other_specialist
        )
    with pytest.raises(Refused):
        services.copy_rubric(cw.rubric, school_year="2026-2027", user=w.principal_a, authority=w.office)
    assert not draft.groups.exists() and _events() == events


def test_round_services_keep_each_step_to_its_own_person(cw):
    w = cw.world
    submit_all(cw)
    with pytest.raises(Refused):
        services.open_leader_review(cw.round, user=w.principal_a)
    services.open_leader_review(cw.round, user=cw.principal_c)
    seat = ClusterSeat.objects.get(cluster=cw.cluster, school=w.school_a)
    criterion = cw.criteria["1.2"].pk
    # The office does not give the leader's scores nor approve in the leader's place.
    with pytest.raises(Refused):
        services.set_leader_score(
            scoring_round=cw.round, seat_id=seat.pk, criterion_id=criterion, points=1, user=w.specialist
        )
    with pytest.raises(Refused):
        services.leader_approve(cw.round, user=w.specialist)
    assert not ClusterScore.objects.filter(round=cw.round, stage="leader").exists()
    services.leader_approve(cw.round, user=cw.principal_c)
    # The leader does not act for the office.
    for step in (services.office_approve, services.publish_round):
        with pytest.raises(Refused):
            step(cw.round, user=cw.principal_c)
    with pytest.raises(Refused):
        services.set_office_score(
            scoring_round=cw.round, seat_id=seat.pk, criterion_id=criterion, points=1, user=cw.principal_c
        )
    assert not ClusterResult.objects.filter(round=cw.round, office_approved_at__isnull=False).exists()
    services.office_approve(cw.round, user=w.specialist)
    result = ClusterResult.objects.get(round=cw.round, seat=seat)
    # Only the head unapproves.
    with pytest.raises(Refused, match="lãnh đạo"):
        services.unapprove_result(result, reason="Sai", user=w.specialist)
    result.refresh_from_db()
    assert result.office_approved_at is not None and result.unapproved_at is None
    services.publish_round(cw.round, user=w.specialist)
    with pytest.raises(Refused):
        services.close_round(cw.round, user=w.other_specialist)
    cw.round.refresh_from_db()
    assert cw.round.stage == ScoringRound.Stage.PUBLISHED
