import io

import pytest
from openpyxl import load_workbook

from office.clusters import services
from office.clusters.models import ClusterScore, ClusterSeat, Criterion, ScoringRound
from tests.factories.clusters import build_rubric, items, make_school, submit_all


def other_cluster(cw, hidden_note="Bí mật cụm 2"):
    """A second cluster of the same office, with a submitted self score that must not leak."""
    w = cw.world
    school = make_school("truonge", "Trường Tiểu học E", w.office)
    cluster = services.create_cluster(
        authority=w.office, school_year="2025-2026", name="Cụm 2", user=w.specialist, rubric=cw.rubric
    )
    services.add_seat(cluster, school, user=w.specialist)
    scoring_round = services.create_round(cluster, name="Cuối năm cụm 2", user=w.specialist)
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_school_role

    principal = ensure_user(username="hieutruong.e", full_name="Hiệu Trưởng E", password="x")
    grant_school_role(principal, school, Role.PRINCIPAL)
    rows = items(cw.criteria, school, **{"1_1": 7})
    rows[0]["note"] = hidden_note
    services.submit_self_assessment(school=school, scoring_round=scoring_round, items=rows, user=principal)
    return cluster, scoring_round


def test_the_office_lists_clusters_with_the_same_queries_for_one_and_many(
    cw, client_for, django_assert_num_queries
):
    client = client_for(cw.world.specialist)
    client.get("/cum-thi-dua/?nam=2025-2026")  # warm caches (content types, sessions)
    # 26: the page also lists the person's offices in force, for the new cluster's owner, and the
    # clusters' proposals for Cờ thi đua.
    with django_assert_num_queries(26) as one:
        page = client.get("/cum-thi-dua/?nam=2025-2026")
    assert page.status_code == 200 and "Cụm 1" in page.content.decode()
    for index in range(3):
        cluster = services.create_cluster(
            authority=cw.world.office,
            school_year="2025-2026",
            name=f"Cụm thêm {index}",
            user=cw.world.specialist,
        )
        services.add_seat(
            cluster,
            make_school(f"them{index}", f"Trường thêm {index}", cw.world.office),
            user=cw.world.specialist,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/cum-thi-dua/?nam=2025-2026")
    assert page.content.decode().count('data-testid="cluster-row"') == 4


def test_a_leader_sees_only_their_cluster(cw, client_for):
    cluster2, round2 = other_cluster(cw)
    client = client_for(cw.principal_c)
    listing = client.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    assert "Cụm 1" in listing and "Cụm 2" not in listing
    assert client.get(f"/cum-thi-dua/{cw.cluster.pk}/").status_code == 200
    assert client.get(f"/cum-thi-dua/{cluster2.pk}/").status_code == 404
    page = client.get(f"/cum-thi-dua/dot/{round2.pk}/")
    assert page.status_code == 404 and "Bí mật cụm 2" not in page.content.decode()
    score = ClusterScore.objects.filter(round=round2).first()
    assert client.get(f"/cum-thi-dua/dot/{round2.pk}/minh-chung/{score.pk}/0/").status_code == 404
    assert client.post(f"/cum-thi-dua/dot/{round2.pk}/cum-truong-duyet/").status_code == 404
    # Another office's specialist sees no cluster of this office at all.
    other = client_for(cw.world.other_specialist)
    assert other.get(f"/cum-thi-dua/{cw.cluster.pk}/").status_code == 404
    assert "Cụm 1" not in other.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    # A principal who leads nothing sees an empty list.
    assert "Cụm 1" not in client_for(cw.world.principal_a).get("/cum-thi-dua/?nam=2025-2026").content.decode()


def test_the_leader_sees_self_scores_only_when_every_school_has_submitted(cw, client_for):
    w = cw.world
    rows = items(cw.criteria, w.school_a, **{"1_1": 9})
    rows[1]["note"] = "Giải trình riêng của trường A"
    services.submit_self_assessment(school=w.school_a, scoring_round=cw.round, items=rows, user=w.principal_a)
    client = client_for(cw.principal_c)
    page = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert "Giải trình riêng của trường A" not in page and 'data-testid="waiting-schools"' in page
    score = ClusterScore.objects.get(
        round=cw.round, seat__school=w.school_a, criterion=cw.criteria["1.1"], stage="self"
    )
    assert client.get(f"/cum-thi-dua/dot/{cw.round.pk}/minh-chung/{score.pk}/0/").status_code == 404
    assert client.post(f"/cum-thi-dua/dot/{cw.round.pk}/mo-tham-dinh/").status_code == 302
    cw.round.refresh_from_db()
    assert cw.round.stage == ScoringRound.Stage.SELF_SCORING  # refused: not everyone submitted
    # The office sees what was submitted so far.
    assert (
        "Giải trình riêng của trường A"
        in client_for(w.specialist).get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    )
    submit_all(cw, a={"1_1": 9})
    services.submit_self_assessment(school=w.school_a, scoring_round=cw.round, items=rows, user=w.principal_a)
    page = client.get(f"/cum-thi-dua/dot/{cw.round.pk}/").content.decode()
    assert "Giải trình riêng của trường A" in page and 'data-testid="open-review"' in page


def test_the_leader_reviews_and_a_score_above_the_maximum_changes_nothing(cw, client_for):
    submit_all(cw)
    client = client_for(cw.principal_c)
    client.post(f"/cum-thi-dua/dot/{cw.round.pk}/mo-tham-dinh/")
    seat = ClusterSeat.objects.get(cluster=cw.cluster, school=cw.world.school_a)
    c11, c12 = cw.criteria["1.1"].pk, cw.criteria["1.2"].pk
    response = client.post(
        f"/cum-thi-dua/dot/{cw.round.pk}/diem-cum-truong/",
        {"seat": seat.pk, f"points_{c12}": "18", f"points_{c11}": "12"},
        follow=True,
    )
    assert "tối đa 10 điểm" in response.content.decode()
    assert not ClusterScore.objects.filter(round=cw.round, stage="leader").exists()
    client.post(f"/cum-thi-dua/dot/{cw.round.pk}/diem-cum-truong/", {"seat": seat.pk, f"points_{c12}": "18"})
    assert ClusterScore.objects.get(round=cw.round, stage="leader", seat=seat, criterion_id=c12).points == 18
    # The office cannot give leader scores, the leader cannot give office ones.
    assert (
        client_for(cw.world.specialist).post(f"/cum-thi-dua/dot/{cw.round.pk}/cum-truong-duyet/").status_code
        == 403
    )
    assert client.post(f"/cum-thi-dua/dot/{cw.round.pk}/cong-bo/").status_code == 403
    client.post(f"/cum-thi-dua/dot/{cw.round.pk}/cum-truong-duyet/")
    cw.round.refresh_from_db()
    assert cw.round.stage == ScoringRound.Stage.OFFICE_REVIEW
    office = client_for(cw.world.specialist)
    office.post(f"/cum-thi-dua/dot/{cw.round.pk}/phong-duyet/")
    page = office.post(f"/cum-thi-dua/dot/{cw.round.pk}/cong-bo/", follow=True).content.decode()
    assert "Đã công bố xếp hạng" in page and 'data-testid="tie-rule"' in page and "ít điểm hơn" in page
    # Only the office head unapproves.
    assert (
        office.post(f"/cum-thi-dua/dot/{cw.round.pk}/bo-duyet/", {"seat": seat.pk, "reason": "x"}).status_code
        == 403
    )
    head = client_for(cw.head)
    head.post(f"/cum-thi-dua/dot/{cw.round.pk}/bo-duyet/", {"seat": seat.pk, "reason": "Sai minh chứng"})
    cw.round.refresh_from_db()
    assert cw.round.stage == ScoringRound.Stage.OFFICE_REVIEW


def test_the_round_page_has_the_same_queries_for_one_and_many_schools(
    world, client_for, django_assert_num_queries
):
    rubric, criteria = build_rubric(world.office, world.specialist)
    services.publish_rubric(rubric, user=world.specialist)

    def round_with(count):
        cluster = services.create_cluster(
            authority=world.office,
            school_year="2025-2026",
            name=f"Cụm {count}",
            user=world.specialist,
            rubric=rubric,
            cross_scoring=True,
        )
        for index in range(count):
            services.add_seat(
                cluster,
                make_school(f"s{count}x{index}", f"Trường {count}-{index}", world.office),
                user=world.specialist,
            )
        scoring_round = services.create_round(cluster, name="Đợt", user=world.specialist)
        for seat in cluster.seats.all():
            for criterion in criteria.values():
                ClusterScore.objects.create(
                    round=scoring_round,
                    seat=seat,
                    criterion=criterion,
                    stage="self",
                    points=1,
                    evidence=[
                        {"key": f"schools/{seat.school.schema_name}/other/x/a.pdf", "filename": "a.pdf"}
                    ],
                )
        return scoring_round

    one, many = round_with(1), round_with(4)
    client = client_for(world.specialist)
    client.get(f"/cum-thi-dua/dot/{one.pk}/")
    with django_assert_num_queries(34) as first:
        assert client.get(f"/cum-thi-dua/dot/{one.pk}/").status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(f"/cum-thi-dua/dot/{many.pk}/").status_code == 200


def test_rubric_builder_pages_and_excel_export(world, client_for, django_assert_num_queries):
    client = client_for(world.specialist)
    response = client.post(
        "/cum-thi-dua/tieu-chi/", {"nam": "2025-2026", "name": "Bảng tiêu chí năm học 2025-2026"}
    )
    rubric_url = response["Location"]
    client.post(f"{rubric_url}sua/", {"action": "add_group", "code": "I", "name": "Thực hiện nhiệm vụ"})
    page = client.get(rubric_url).content.decode()
    assert "Thực hiện nhiệm vụ" in page
    from office.clusters.models import Rubric

    rubric = Rubric.objects.get(name="Bảng tiêu chí năm học 2025-2026")
    group = rubric.groups.get()
    bad = client.post(
        f"{rubric_url}sua/",
        {
            "action": "add_criterion",
            "group": group.pk,
            "code": "1.1",
            "text": "Kế hoạch",
            "kind": "standard",
            "max_points": "mười",
        },
        follow=True,
    )
    assert (
        "không phải là số điểm" in bad.content.decode() and not Criterion.objects.filter(group=group).exists()
    )
    client.post(
        f"{rubric_url}sua/",
        {
            "action": "add_criterion",
            "group": group.pk,
            "code": "1.1",
            "text": "Kế hoạch năm học",
            "kind": "standard",
            "max_points": "10,5",
            "evidence_required": "1",
        },
    )
    criterion = Criterion.objects.get(group=group)
    assert str(criterion.max_points) == "10.50" and criterion.evidence_required
    client.post(f"{rubric_url}sua/", {"action": "publish"})
    locked = client.post(
        f"{rubric_url}sua/", {"action": "delete_criterion", "criterion": criterion.pk}, follow=True
    )
    assert "đã ban hành" in locked.content.decode() and Criterion.objects.filter(pk=criterion.pk).exists()
    export = client.get(f"{rubric_url}excel/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Kế hoạch năm học" in values and 10.5 in values
    assert client_for(world.other_specialist).get(rubric_url).status_code == 404
    client.get("/cum-thi-dua/tieu-chi/")
    with django_assert_num_queries(16) as first:  # 16: with the person's offices in force
        client.get("/cum-thi-dua/tieu-chi/")
    build_rubric(world.office, world.specialist, name="Thêm 1")
    build_rubric(world.office, world.specialist, name="Thêm 2")
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/cum-thi-dua/tieu-chi/").content.decode().count('data-testid="rubric-row"') == 3


def test_a_school_already_in_a_cluster_gets_a_vietnamese_message(cw, client_for):
    client = client_for(cw.world.specialist)
    response = client.post("/cum-thi-dua/lap-cum/", {"nam": "2025-2026", "name": "Cụm 9"})
    cluster_url = response["Location"]
    page = client.post(
        f"{cluster_url}them-truong/", {"school": cw.school_d.code}, follow=True
    ).content.decode()
    assert "mỗi trường chỉ thuộc một cụm trong một năm học" in page
    assert client.post(f"{cluster_url}them-truong/", {"school": cw.world.school_b.code}).status_code == 404
    leader = client_for(cw.principal_c)  # a leader sees the cluster but does not manage it
    assert leader.post(f"/cum-thi-dua/{cw.cluster.pk}/cum-truong/", {"leader": "truonga"}).status_code == 403
    client.post(f"/cum-thi-dua/{cw.cluster.pk}/cum-truong/", {"leader": cw.world.school_a.code, "deputy": ""})
    from office.clusters.permissions import leads_cluster

    assert leads_cluster(type(cw.world.principal_a).objects.get(pk=cw.world.principal_a.pk), cw.cluster)
    assert leader.get(f"/cum-thi-dua/{cw.cluster.pk}/").status_code == 404  # the grant went with the seat


@pytest.mark.parametrize("path", ["/cum-thi-dua/tieu-chi/", "/cum-thi-dua/lap-cum/"])
def test_school_staff_cannot_reach_the_office_tools(world, client_for, path):
    client = client_for(world.principal_a)
    assert client.get(path).status_code in (404, 405)
    assert client.post(path, {"nam": "2025-2026", "name": "x"}).status_code == 404


def test_a_person_of_several_offices_says_which_one_owns_a_new_cluster_or_rubric(world, client_for):
    """After the 2025 reform one team works for several offices: a new cluster or rubric goes to the
    office they choose among those in force, never to a dissolved one (which keeps its past years)."""
    import datetime

    from office.accounts.models import Role
    from office.accounts.services import grant_office_role
    from office.authorities.models import Authority
    from office.clusters.models import Cluster, Rubric
    from office.clusters.services import ClusterError

    ward = Authority.objects.create(name="Phòng VH-XH phường Mới", code="vhxh-moi", kind="phong_vhxh")
    dissolved = Authority.objects.create(
        name="Phòng GDĐT quận cũ", code="pgd-cu", kind="phong_gddt", valid_to=datetime.date(2025, 6, 30)
    )
    for authority in (ward, dissolved):
        grant_office_role(world.specialist, authority, Role.OFFICE_SPECIALIST)
    client = client_for(world.specialist)
    page = client.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    assert 'data-testid="office-choice-cluster"' in page
    assert f'<option value="{ward.pk}">' in page and f'<option value="{dissolved.pk}">' not in page

    created = client.post(
        "/cum-thi-dua/lap-cum/", {"nam": "2025-2026", "name": "Cụm phường", "co_quan": ward.pk}
    )
    assert created.status_code == 302 and Cluster.objects.get(name="Cụm phường").authority == ward
    refused = client.post(
        "/cum-thi-dua/lap-cum/", {"nam": "2025-2026", "name": "Cụm cũ", "co_quan": dissolved.pk}, follow=True
    )
    assert "Hãy chọn một cơ quan đang hoạt động của bạn" in refused.content.decode()
    assert not Cluster.objects.filter(name="Cụm cũ").exists()

    rubric_page = client.get("/cum-thi-dua/tieu-chi/").content.decode()
    assert (
        'data-testid="office-choice-rubric"' in rubric_page
        and 'data-testid="office-choice-copy"' in rubric_page
    )
    client.post("/cum-thi-dua/tieu-chi/", {"nam": "2025-2026", "name": "Tiêu chí phường", "co_quan": ward.pk})
    assert Rubric.objects.get(name="Tiêu chí phường").authority == ward
    # Last year's rubric of the dissolved office, copied into the ward's own for this year.
    old = services.create_rubric(
        authority=dissolved, school_year="2024-2025", name="Cũ", user=world.specialist
    )
    client.post(
        "/cum-thi-dua/tieu-chi/",
        {"copy_from": old.pk, "nam": "2025-2026", "name": "Bản sao", "co_quan": ward.pk},
    )
    assert Rubric.objects.get(name="Bản sao").authority == ward
    with pytest.raises(
        ClusterError, match="đã giải thể từ 01/07/2025, không nhận việc của năm học 2025-2026"
    ):
        services.copy_rubric(old, school_year="2025-2026", name="Vẫn cũ", user=world.specialist)
    with pytest.raises(ClusterError, match="không nhận việc của năm học 2025-2026"):
        services.create_cluster(authority=dissolved, school_year="2025-2026", name="X", user=world.specialist)

    api = client.post(
        "/api/v1/clusters/",
        {"school_year": "2025-2026", "name": "Cụm API", "authority": world.other_office.pk},
        content_type="application/json",
    )
    assert api.status_code == 400 and "Hãy chọn một cơ quan đang hoạt động" in api.content.decode()
    api = client.post(
        "/api/v1/clusters/",
        {"school_year": "2025-2026", "name": "Cụm API", "authority": ward.pk},
        content_type="application/json",
    )
    assert api.status_code == 201 and Cluster.objects.get(name="Cụm API").authority == ward


def test_with_one_office_nothing_is_asked_for_a_new_cluster(world, client_for):
    from office.clusters.models import Cluster

    client = client_for(world.specialist)
    assert "office-choice-cluster" not in client.get("/cum-thi-dua/?nam=2025-2026").content.decode()
    client.post("/cum-thi-dua/lap-cum/", {"nam": "2025-2026", "name": "Cụm một cơ quan"})
    assert Cluster.objects.get(name="Cụm một cơ quan").authority == world.office
