from office.clusters import services
from office.clusters.models import Cluster, ClusterSeat, ScoringRound
from tests.factories.clusters import items, make_school, submit_all


def test_the_cluster_list_api_has_the_same_queries_for_one_and_many(
    cw, client_for, django_assert_num_queries
):
    client = client_for(cw.world.specialist)
    client.get("/api/v1/clusters/?school_year=2025-2026")
    with django_assert_num_queries(16) as first:
        data = client.get("/api/v1/clusters/?school_year=2025-2026").json()
    assert [c["name"] for c in data["results"]] == ["Cụm 1"]
    assert data["results"][0]["leader"] == "truongc" and len(data["results"][0]["seats"]) == 3
    for index in range(3):
        cluster = services.create_cluster(
            authority=cw.world.office,
            school_year="2025-2026",
            name=f"Cụm thêm {index}",
            user=cw.world.specialist,
        )
        services.add_seat(
            cluster,
            make_school(f"api{index}", f"Trường API {index}", cw.world.office),
            user=cw.world.specialist,
        )
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/clusters/?school_year=2025-2026").json()["count"] == 4


def test_the_api_creates_seats_and_names_the_leader_with_the_same_rules(world, client_for):
    client = client_for(world.specialist)
    created = client.post(
        "/api/v1/clusters/", {"school_year": "2025-2026", "name": "Cụm API"}, content_type="application/json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/clusters/{pk}/seats/", {"school": "truongb"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/clusters/{pk}/seats/", {"school": "truonga"}, content_type="application/json"
        ).status_code
        == 200
    )
    second = client.post(
        "/api/v1/clusters/",
        {"school_year": "2025-2026", "name": "Cụm API 2"},
        content_type="application/json",
    ).json()["id"]
    refused = client.post(
        f"/api/v1/clusters/{second}/seats/", {"school": "truonga"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "một cụm trong một năm học" in refused.json()["detail"]
    named = client.post(
        f"/api/v1/clusters/{pk}/leader/", {"leader": "truonga"}, content_type="application/json"
    )
    assert named.json()["leader"] == "truonga"
    assert world.principal_a.has_perm("clusters.lead_cluster", Cluster.objects.get(pk=pk))
    assert client_for(world.other_specialist).get(f"/api/v1/clusters/{pk}/").status_code == 404
    assert (
        client_for(world.principal_a)
        .post("/api/v1/clusters/", {"school_year": "2025-2026", "name": "X"}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(world.principal_a, world.school_a).get("/api/v1/clusters/").status_code == 404


def test_the_round_api_follows_the_approval_order(cw, client_for):
    w = cw.world
    leader = client_for(cw.principal_c)
    services.submit_self_assessment(
        school=w.school_a,
        scoring_round=cw.round,
        items=items(cw.criteria, w.school_a, **{"1_1": 9}),
        user=w.principal_a,
    )
    detail = leader.get(f"/api/v1/clusters/rounds/{cw.round.pk}/").json()
    assert detail["every_school_submitted"] is False and detail["results"] == [] and detail["scores"] == []
    refused = leader.post(f"/api/v1/clusters/rounds/{cw.round.pk}/open-review/")
    assert refused.status_code == 400 and "mọi trường" in refused.json()["detail"]
    submit_all(cw)
    assert leader.post(f"/api/v1/clusters/rounds/{cw.round.pk}/open-review/").status_code == 200
    seat = ClusterSeat.objects.get(cluster=cw.cluster, school=w.school_a)
    too_high = leader.post(
        f"/api/v1/clusters/rounds/{cw.round.pk}/leader-scores/",
        {"seat": seat.pk, "scores": [{"criterion": cw.criteria["1.1"].pk, "points": "10.5"}]},
        content_type="application/json",
    )
    assert too_high.status_code == 400 and "tối đa 10 điểm" in too_high.json()["detail"]
    assert leader.post(f"/api/v1/clusters/rounds/{cw.round.pk}/publish/").status_code == 403
    assert leader.post(f"/api/v1/clusters/rounds/{cw.round.pk}/leader-approve/").json()["stage"] == "office"
    office = client_for(w.specialist)
    assert (
        office.post(
            f"/api/v1/clusters/rounds/{cw.round.pk}/office-approve/", {}, content_type="application/json"
        ).status_code
        == 200
    )
    assert office.post(f"/api/v1/clusters/rounds/{cw.round.pk}/publish/").json()["stage"] == "published"
    results = office.get(f"/api/v1/clusters/rounds/{cw.round.pk}/").json()["results"]
    assert [(r["school"], r["rank"], r["proposal"]) for r in results] == [
        ("truonga", 1, "co_thi_dua"),
        ("truongc", 2, "bang_khen"),
        ("truongd", 3, ""),
    ]
    assert (
        office.post(
            f"/api/v1/clusters/rounds/{cw.round.pk}/unapprove/",
            {"seat": seat.pk, "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    head = client_for(cw.head)
    answer = head.post(
        f"/api/v1/clusters/rounds/{cw.round.pk}/unapprove/",
        {"seat": seat.pk, "reason": "Minh chứng chưa đủ"},
        content_type="application/json",
    )
    assert answer.json()["stage"] == ScoringRound.Stage.OFFICE_REVIEW


def test_a_leader_reads_no_other_cluster_through_the_api(cw, client_for):
    w = cw.world
    school = make_school("truongx", "Trường X", w.office)
    other = services.create_cluster(
        authority=w.office, school_year="2025-2026", name="Cụm khác", user=w.specialist, rubric=cw.rubric
    )
    services.add_seat(other, school, user=w.specialist)
    other_round = services.create_round(other, name="Khác", user=w.specialist)
    leader = client_for(cw.principal_c)
    assert [c["name"] for c in leader.get("/api/v1/clusters/").json()["results"]] == ["Cụm 1"]
    assert leader.get(f"/api/v1/clusters/{other.pk}/").status_code == 404
    assert leader.get(f"/api/v1/clusters/rounds/{other_round.pk}/").status_code == 404
    assert [r["id"] for r in leader.get("/api/v1/clusters/rounds/").json()["results"]] == [cw.round.pk]
    assert leader.get("/api/v1/clusters/rubrics/").status_code == 403
