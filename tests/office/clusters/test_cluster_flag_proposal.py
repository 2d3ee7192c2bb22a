"""The cluster's proposal for Cờ thi đua from its ranking (issue 15, item 3): drawn from the published
ranking by the cluster.flag_proposal ladder (the MOET Cờ for the top school, the province's for the
next), ties explained, recorded once and audited by the cluster's leader or the office, refused while a
school of the cluster has no final score for the year; anyone else gets 404."""

import io
from datetime import date

import pytest
from docx import Document

from office.audit.models import AuditEvent
from office.clusters import services
from office.clusters.models import ClusterSeat, FlagProposal
from office.clusters.selectors import flag_proposal_plan
from office.clusters.services import ClusterError
from office.core.errors import Refused
from office.rules.services import override_rule_parameters
from tests.factories.clusters import make_school, submit_all

MOET_FLAG = "Cờ thi đua của Bộ Giáo dục và Đào tạo"
PROVINCE_FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh/thành phố"


def publish(cw, **points):
    submit_all(cw, **points)
    services.open_leader_review(cw.round, user=cw.principal_c)
    services.leader_approve(cw.round, user=cw.principal_c)
    services.office_approve(cw.round, user=cw.world.specialist)
    services.publish_round(cw.round, user=cw.world.specialist)


def proposed(plan_or_proposal) -> dict:
    return {e["school_code"]: (e["rank"], e["label"], e["shared"]) for e in plan_or_proposal.entries}


def test_nothing_is_recorded_before_every_school_has_its_score_for_the_year(cw):
    submit_all(cw)
    with pytest.raises(
        ClusterError, match="chưa đủ điểm thi đua năm học 2025-2026 của mọi trường"
    ) as refused:
        services.record_flag_proposal(cw.round, user=cw.principal_c)
    assert "còn thiếu: Trường Tiểu học A, Trường Tiểu học C, Trường Tiểu học D" in refused.value.message
    assert not FlagProposal.objects.exists()


def test_a_school_added_after_the_ranking_blocks_the_proposal(cw):
    publish(cw)
    late = make_school("truonge", "Trường Tiểu học E", cw.world.office)
    ClusterSeat.objects.create(cluster=cw.cluster, school=late, school_year="2025-2026")
    with pytest.raises(ClusterError, match="còn thiếu: Trường Tiểu học E"):
        services.record_flag_proposal(cw.round, user=cw.world.specialist)
    assert not FlagProposal.objects.exists()


def test_the_leader_records_the_top_school_for_the_moet_flag_and_the_next_for_the_province(cw):
    publish(cw)  # A 38, C 35, D 30
    proposal = services.record_flag_proposal(cw.round, user=cw.principal_c, note="Cụm biểu quyết 3/3")
    assert proposed(proposal) == {"truonga": (1, MOET_FLAG, False), "truongc": (2, PROVINCE_FLAG, False)}
    assert proposal.recorded_as == FlagProposal.RecordedAs.LEADER
    assert proposal.school_year == "2025-2026" and proposal.note == "Cụm biểu quyết 3/3"
    assert "1479/HD-BTĐKT" in proposal.basis and "Ninh Thuận" in proposal.basis
    event = AuditEvent.objects.get(action="cluster_flag_proposal.recorded")
    assert event.user == cw.principal_c
    assert "Trường Tiểu học A: " + MOET_FLAG in event.summary
    with pytest.raises(ClusterError, match="đã được ghi nhận ngày"):
        services.record_flag_proposal(cw.round, user=cw.world.specialist)
    assert FlagProposal.objects.count() == 1


def test_the_office_records_it_too_but_not_another_principal(cw):
    publish(cw)
    with pytest.raises(Refused):
        services.record_flag_proposal(cw.round, user=cw.principal_d)
    with pytest.raises(Refused):
        services.record_flag_proposal(cw.round, user=cw.world.other_specialist)
    proposal = services.record_flag_proposal(cw.round, user=cw.world.specialist)
    assert proposal.recorded_as == FlagProposal.RecordedAs.OFFICE


def test_ties_are_explained_step_by_step(cw):
    # A: 30 standard + 2 bonus = 32; C: 32 standard = 32; D: 33 standard − 1 = 32 → D, C, A.
    publish(
        cw,
        a={"1_1": 10, "1_2": 10, "2_1": 10, "T": 2},
        c={"1_1": 10, "1_2": 12, "2_1": 10},
        d={"1_1": 10, "1_2": 13, "2_1": 10, "P": 1},
    )
    plan = flag_proposal_plan(cw.round)
    assert proposed(plan) == {"truongd": (1, MOET_FLAG, False), "truongc": (2, PROVINCE_FLAG, False)}
    assert plan.ties == [
        "Trường Tiểu học D và Trường Tiểu học C cùng 32 điểm; Trường Tiểu học D xếp trên vì có tổng điểm "
        "các tiêu chí chuẩn cao hơn (33 so với 32).",
        "Trường Tiểu học C và Trường Tiểu học A cùng 32 điểm; Trường Tiểu học C xếp trên vì có tổng điểm "
        "các tiêu chí chuẩn cao hơn (32 so với 30).",
    ]


def test_a_shared_first_place_shares_the_flag_and_the_cluster_must_choose(cw):
    same = {"1_1": 8, "1_2": 15, "2_1": 7}
    publish(cw, a=same, c=same, d={"1_1": 1, "1_2": 1, "2_1": 1})
    proposal = services.record_flag_proposal(cw.round, user=cw.principal_c)
    assert proposed(proposal) == {
        "truonga": (1, MOET_FLAG, True),
        "truongc": (1, MOET_FLAG, True),
        "truongd": (3, PROVINCE_FLAG, False),
    }
    assert "bằng nhau ở mọi bước của quy tắc xếp hạng" in proposal.ties[0]
    assert "đồng hạng 1" in proposal.ties[0]
    assert "cụm biểu quyết chọn một trường trước khi trình" in proposal.ties[-1]


def test_the_ladder_is_the_office_s_to_change(cw):
    override_rule_parameters(
        code="cluster.flag_proposal",
        authority=cw.world.office,
        effective_from=date(2025, 9, 1),
        parameters={"ladder": [{"label": "Cờ thi đua của UBND thành phố", "title": "co_tinh"}]},
        user=cw.world.specialist,
    )
    publish(cw)
    assert proposed(flag_proposal_plan(cw.round)) == {"truonga": (1, "Cờ thi đua của UBND thành phố", False)}


def test_the_ladder_is_read_as_of_the_end_of_the_cluster_s_school_year(cw):
    # An office's ladder from 01/09/2026 does not reach 2025-2026, whose year ends on 31/08/2026.
    override_rule_parameters(
        code="cluster.flag_proposal",
        authority=cw.world.office,
        effective_from=date(2026, 9, 1),
        parameters={"ladder": [{"label": "Cờ thi đua của UBND thành phố", "title": "co_tinh"}]},
        user=cw.world.specialist,
    )
    publish(cw)
    assert proposed(flag_proposal_plan(cw.round)) == {
        "truonga": (1, MOET_FLAG, False),
        "truongc": (2, PROVINCE_FLAG, False),
    }


def test_a_withdrawn_ranking_withdraws_the_proposal_and_the_audit_keeps_it(cw):
    publish(cw)
    services.record_flag_proposal(cw.round, user=cw.principal_c)
    result = cw.round.results.first()
    services.unapprove_result(result, reason="Sai điểm tiêu chí 1.2", user=cw.head)
    assert not FlagProposal.objects.exists()
    withdrawn = AuditEvent.objects.get(action="cluster_flag_proposal.withdrawn")
    assert withdrawn.before["entries"][0]["label"] == MOET_FLAG
    with pytest.raises(ClusterError, match="chưa đủ điểm thi đua"):
        services.record_flag_proposal(cw.round, user=cw.principal_c)


# --- pages ----------------------------------------------------------------------------------------


def test_the_leader_sees_the_plan_and_records_it_from_the_round_page(cw, client_for):
    publish(cw)
    client = client_for(cw.principal_c)
    page = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert 'data-testid="flag-plan"' in page and 'data-testid="record-flag"' in page
    assert MOET_FLAG in page
    answer = client.post(f"/cum-thi-dua/dot/{cw.round.pk}/de-nghi-co/", {"note": "Biểu quyết"}, follow=True)
    assert "Đã ghi nhận đề nghị Cờ thi đua của cụm." in answer.content.decode()
    assert FlagProposal.objects.get().note == "Biểu quyết"
    page = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert 'data-testid="flag-proposal"' in page and 'data-testid="record-flag"' not in page
    detail = client.get(f"/cum-thi-dua/{cw.cluster.pk}/").content.decode()
    assert 'data-testid="flag-proposal"' in detail


def test_the_round_page_says_why_nothing_can_be_recorded_yet(cw, client_for):
    publish(cw)
    late = make_school("truonge", "Trường Tiểu học E", cw.world.office)
    ClusterSeat.objects.create(cluster=cw.cluster, school=late, school_year="2025-2026")
    page = client_for(cw.world.specialist).get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert 'data-testid="flag-refusal"' in page and "còn thiếu: Trường Tiểu học E" in page
    assert 'data-testid="record-flag"' not in page


def test_another_principal_and_another_office_get_404(cw, client_for):
    publish(cw)
    for user in (cw.principal_d, cw.world.other_specialist):
        client = client_for(user)
        assert client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").status_code == 404
        assert client.post(f"/cum-thi-dua/dot/{cw.round.pk}/de-nghi-co/").status_code == 404
    assert not FlagProposal.objects.exists()


def test_the_office_lists_the_proposals_with_the_same_queries_for_one_and_many(
    cw, client_for, django_assert_num_queries
):
    publish(cw)
    services.record_flag_proposal(cw.round, user=cw.principal_c)
    client = client_for(cw.world.specialist)
    client.get("/cum-thi-dua/?nam=2025-2026")
    with django_assert_num_queries(26) as one:
        page = client.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    assert page.count('data-testid="flag-proposal-row"') == 1 and MOET_FLAG in page
    for index in range(3):
        cluster = services.create_cluster(
            authority=cw.world.office,
            school_year="2025-2026",
            name=f"Cụm thêm {index}",
            user=cw.world.specialist,
            rubric=cw.rubric,
        )
        scoring_round = services.create_round(cluster, name="Cuối năm", user=cw.world.specialist)
        FlagProposal.objects.create(
            round=scoring_round,
            cluster=cluster,
            school_year="2025-2026",
            entries=[{"school_name": f"Trường {index}", "rank": 1, "label": MOET_FLAG}],
            basis="Căn cứ",
            recorded_as=FlagProposal.RecordedAs.OFFICE,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    assert page.count('data-testid="flag-proposal-row"') == 4


def test_the_recorded_proposal_downloads_as_a_cover_letter_in_the_official_format(cw, client_for):
    publish(cw)
    client = client_for(cw.principal_c)
    assert client.get(f"/cum-thi-dua/dot/{cw.round.pk}/de-nghi-co.docx").status_code == 404  # none yet
    services.record_flag_proposal(cw.round, user=cw.principal_c)
    answer = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/de-nghi-co.docx")
    assert answer.status_code == 200 and answer["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(answer.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "TỜ TRÌNH" in text and "Về việc đề nghị tặng Cờ thi đua năm học 2025-2026" in text
    assert f"- {MOET_FLAG}: Trường Tiểu học A (xếp hạng 1" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "CỤM TRƯỞNG" in text
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG CỜ THI ĐUA NĂM HỌC 2025-2026" in text
    assert (
        client_for(cw.principal_d).get(f"/cum-thi-dua/dot/{cw.round.pk}/de-nghi-co.docx").status_code == 404
    )
