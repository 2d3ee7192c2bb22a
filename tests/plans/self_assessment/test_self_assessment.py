"""The school side of a cluster round, on the school's own host: covenant, draft, evidence, submit,
cross-scoring, and the ranking that stays hidden until the office publishes it."""

import hashlib

from django.db import connection
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.clusters import services
from office.clusters.models import ClusterResult, ClusterScore, ClusterSeat
from office.submissions.models import Submission
from plans.evidence.services import store_generated_evidence
from plans.self_assessment.models import SelfAssessment
from tests.factories.clusters import submit_all

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_principal_signs_the_covenant_on_the_school_host(cw, client_for):
    w = cw.world
    services.save_covenant(
        cw.cluster,
        title="Giao ước thi đua năm học 2025-2026",
        text="Cam kết…",
        sign_by=None,
        user=w.specialist,
    )
    teacher = client_for(w.teacher_a, w.school_a)
    assert 'data-testid="sign-covenant"' not in teacher.get("/cum-thi-dua/").content.decode()
    teacher.post("/cum-thi-dua/ky-giao-uoc/", {"nam": "2025-2026"})
    assert not ClusterSeat.objects.filter(covenant_signed_at__isnull=False).exists()
    client = client_for(w.principal_a, w.school_a)
    page = client.get("/cum-thi-dua/").content.decode()
    assert "Giao ước thi đua năm học 2025-2026" in page and 'data-testid="sign-covenant"' in page
    client.post("/cum-thi-dua/ky-giao-uoc/", {"nam": "2025-2026"})
    seat = ClusterSeat.objects.get(school=w.school_a)
    assert seat.covenant_signed_by == w.principal_a
    connection.set_schema_to_public()
    assert AuditEvent.objects.filter(action="covenant.signed").count() == 1  # in the office's log (public)
    office_page = client_for(w.specialist).get(f"/cum-thi-dua/{cw.cluster.pk}/").content.decode()
    assert "Nguyễn Thị An ký" in office_page
    assert (
        client_for(w.principal_b, w.school_b)
        .post("/cum-thi-dua/ky-giao-uoc/", {"nam": "2025-2026"})
        .status_code
        == 404
    )


def test_draft_evidence_and_submission_through_the_pages(cw, client_for, local_storage):
    w = cw.world
    client = client_for(w.principal_a, w.school_a)
    c = cw.criteria
    form = {
        f"points_{c['1.1'].pk}": "9",
        f"note_{c['1.1'].pk}": "Có kế hoạch",
        f"points_{c['1.2'].pk}": "19,5",
        f"points_{c['2.1'].pk}": "10",
    }
    client.post(f"/cum-thi-dua/dot/{cw.round.pk}/luu/", form)
    with schema_context(w.school_a.schema_name):
        assessment = SelfAssessment.objects.get(round_id=cw.round.pk)
        assert assessment.state == "draft" and assessment.scores.count() == 3
    page = client.post(
        f"/cum-thi-dua/dot/{cw.round.pk}/luu/", {**form, "submit": "1"}, follow=True
    ).content.decode()
    assert "bắt buộc có minh chứng nhưng chưa đính kèm: 1.1" in page
    assert not Submission.objects.filter(kind="self_assessment").exists()
    too_high = client.post(
        f"/cum-thi-dua/dot/{cw.round.pk}/luu/", {**form, f"points_{c['1.2'].pk}": "25"}, follow=True
    )
    assert "tối đa 20 điểm" in too_high.content.decode()
    with schema_context(w.school_a.schema_name):
        evidence = store_generated_evidence(
            school=w.school_a, kind="other", filename="ke-hoach.pdf", content=PDF, user=w.principal_a
        )
    client.post(
        f"/cum-thi-dua/dot/{cw.round.pk}/luu/",
        {**form, f"evidence_{c['1.1'].pk}": str(evidence.pk), "submit": "1"},
    )
    submission = Submission.objects.get(kind="self_assessment", school=w.school_a)
    item = next(i for i in submission.payload["items"] if i["criterion"] == c["1.1"].pk)
    assert item["evidence"][0]["filename"] == "ke-hoach.pdf" and len(item["evidence"][0]["sha256"]) == 64
    assert ClusterResult.objects.get(round=cw.round, seat__school=w.school_a).self_total == 38.5
    # The office (and, once all have submitted, the leader) download the evidence, checked against its
    # recorded size and SHA-256 before it is sent.
    score = ClusterScore.objects.get(
        round=cw.round, seat__school=w.school_a, criterion=c["1.1"], stage="self"
    )
    download = client_for(w.specialist).get(f"/cum-thi-dua/dot/{cw.round.pk}/minh-chung/{score.pk}/0/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == item["evidence"][0]["sha256"]
    # The same file replaced in storage behind the platform's back is refused and recorded.
    local_storage.put(evidence.key, content[:-1] + b"!", "application/pdf")
    refused = client_for(w.specialist).get(f"/cum-thi-dua/dot/{cw.round.pk}/minh-chung/{score.pk}/0/")
    assert refused.status_code == 409 and "dấu hiệu bị thay đổi trái phép" in refused.content.decode()
    assert AuditEvent.objects.filter(
        action="evidence.tampered", object_type="clusters.clusterscore", object_id=str(score.pk)
    ).exists()


def test_a_school_never_sees_another_schools_scores_before_publishing(cw, client_for):
    w = cw.world
    submit_all(cw, c={"1_1": 8, "1_2": 17.25, "2_1": 9})  # 17,25 only appears as school C's score
    client = client_for(w.principal_a, w.school_a)
    services.open_leader_review(cw.round, user=cw.principal_c)
    services.leader_approve(cw.round, user=cw.principal_c)
    services.office_approve(cw.round, user=w.specialist)
    for path in (
        f"/cum-thi-dua/dot/{cw.round.pk}/",
        "/cum-thi-dua/",
        f"/api/v1/self-assessments/{cw.round.pk}/",
    ):
        body = client.get(path).content.decode()
        assert "34,25" not in body and "34.25" not in body, path
        if path != "/cum-thi-dua/":  # the home page names the leader school, which is no score
            assert "Trường Tiểu học C" not in body, path
    assert client.get(f"/api/v1/self-assessments/{cw.round.pk}/").json()["ranking"] == []
    services.publish_round(cw.round, user=w.specialist)
    page = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert 'data-testid="published-ranking"' in page and "Trường Tiểu học C" in page and "34,25" in page
    ranking = client.get(f"/api/v1/self-assessments/{cw.round.pk}/").json()["ranking"]
    assert [r["school"] for r in ranking] == ["truonga", "truongc", "truongd"]
    assert ranking[0]["proposal"] == "co_thi_dua"


def test_cross_scoring_from_the_school_host(cw, client_for):
    w = cw.world
    submit_all(cw)
    services.open_leader_review(cw.round, user=cw.principal_c)
    client = client_for(w.principal_a, w.school_a)
    own_seat = ClusterSeat.objects.get(cluster=cw.cluster, school=w.school_a)
    seat_d = ClusterSeat.objects.get(cluster=cw.cluster, school=cw.school_d)
    assert client.get(f"/cum-thi-dua/dot/{cw.round.pk}/cham-cheo/{own_seat.pk}/").status_code == 404
    crit = cw.criteria["1.2"].pk
    page = client.post(
        f"/cum-thi-dua/dot/{cw.round.pk}/cham-cheo/{seat_d.pk}/", {f"points_{crit}": "21"}
    ).content.decode()
    assert "tối đa 20 điểm" in page and not ClusterScore.objects.filter(stage="cross").exists()
    client.post(f"/cum-thi-dua/dot/{cw.round.pk}/cham-cheo/{seat_d.pk}/", {f"points_{crit}": "16"})
    score = ClusterScore.objects.get(stage="cross")
    assert (score.scorer_school, score.seat, score.points) == (w.school_a, seat_d, 16)
    api = client.post(
        f"/api/v1/self-assessments/{cw.round.pk}/cross-scores/",
        {"seat": own_seat.pk, "scores": [{"criterion": crit, "points": "5"}]},
        content_type="application/json",
    )
    assert api.status_code == 400 and "chính mình" in api.json()["detail"]


def test_another_school_reaches_nothing_of_the_round(cw, client_for):
    client = client_for(cw.world.principal_b, cw.world.school_b)
    for path in (f"/cum-thi-dua/dot/{cw.round.pk}/", f"/api/v1/self-assessments/{cw.round.pk}/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/cum-thi-dua/dot/{cw.round.pk}/luu/", {"submit": "1"}).status_code == 404
    assert client.post(f"/api/v1/self-assessments/{cw.round.pk}/submit/").status_code == 404


def test_the_self_assessment_api_drafts_and_submits(cw, client_for, local_storage, django_assert_num_queries):
    w = cw.world
    client = client_for(w.principal_a, w.school_a)
    c = cw.criteria
    with schema_context(w.school_a.schema_name):
        evidence = store_generated_evidence(
            school=w.school_a, kind="other", filename="minh-chung.pdf", content=PDF, user=w.principal_a
        )
    body = {
        "items": [
            {"criterion": c["1.1"].pk, "points": "10", "note": "Đủ", "evidence": [evidence.pk]},
            {"criterion": c["1.2"].pk, "points": "20"},
            {"criterion": c["2.1"].pk, "points": "8"},
            {"criterion": c["P"].pk, "points": "1"},
        ]
    }
    response = client.put(
        f"/api/v1/self-assessments/{cw.round.pk}/draft/", body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "draft"
    bad = client.put(
        f"/api/v1/self-assessments/{cw.round.pk}/draft/",
        {"items": [{"criterion": c["T"].pk, "points": "6"}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "tối đa 5 điểm" in bad.json()["detail"]
    submitted = client.post(f"/api/v1/self-assessments/{cw.round.pk}/submit/")
    assert submitted.status_code == 200 and float(submitted.json()["self_total"]) == 37
    teacher = client_for(w.teacher_a, w.school_a)
    assert teacher.post(f"/api/v1/self-assessments/{cw.round.pk}/submit/").status_code == 403
    client.get("/api/v1/self-assessments/")  # warm the caches
    with django_assert_num_queries(12) as first:
        assert client.get("/api/v1/self-assessments/").json()["count"] == 1
    services.create_round(cw.cluster, name="Sơ kết học kỳ I", user=w.specialist)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/self-assessments/").json()["count"] == 2
