"""The initiative pages and API: who sees and does what, scores hidden until one's own is submitted, the
batch assignment over a filter, and query counts that do not grow with the number of initiatives."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from plans.initiatives import services
from plans.initiatives.models import Initiative, Review, Rubric
from tests.factories.initiatives import (
    FAIR,
    GOOD,
    SCHOOL_YEAR,
    document_for,
    reviewed_initiative,
    score,
    submitted_initiative,
)


def part(html: str, testid: str) -> str:
    match = re.search(rf'<[^>]+data-testid="{testid}"[^>]*>(.*?)</(section|div|table|p|form)>', html, re.S)
    return match.group(1) if match else ""


def school_a(world):
    return schema_context(world.school_a.schema_name)


def assign(world, initiative, reviewer):
    return services.assign_reviewer(initiative, reviewer, school=world.school_a, user=world.principal_a)


def test_a_teacher_registers_their_own_topic_on_the_page(world, people, client_for):
    client = client_for(world.teacher_a, world.school_a)
    form = client.get("/sang-kien/dang-ky/").content.decode()
    assert "Tên sáng kiến" in form and 'name="author"' not in form  # a teacher registers for themselves
    response = client.post(
        "/sang-kien/dang-ky/",
        {
            "school_year": SCHOOL_YEAR,
            "title": "Ứng dụng trò chơi học tập trong dạy Toán lớp 4",
            "field": "Toán 4",
        },
    )
    with school_a(world):
        initiative = Initiative.objects.get()
    assert response.status_code == 302 and response.url == f"/sang-kien/{initiative.pk}/"
    assert initiative.author == people.teacher and initiative.registered_by_id == world.teacher_a.pk
    detail = client.get(response.url).content.decode()
    assert 'data-evidence-kind="initiative"' in detail and "evidence/upload.js" in detail


def test_a_manager_registers_for_anyone(world, people, client_for):
    client = client_for(world.principal_a, world.school_a)
    response = client.post(
        "/sang-kien/dang-ky/",
        {"school_year": SCHOOL_YEAR, "author": people.other.pk, "title": "Đề tài của tổ 2"},
    )
    assert response.status_code == 302
    with school_a(world):
        assert Initiative.objects.get().author == people.other


def test_staff_without_a_staff_record_cannot_register(world, client_for):
    response = client_for(world.teacher_a, world.school_a).get("/sang-kien/dang-ky/")
    assert response.status_code == 403


def test_the_document_is_attached_and_submitted_through_the_page(world, people, client_for):
    client = client_for(world.teacher_a, world.school_a)
    with school_a(world):
        initiative = services.register_initiative(
            school_year=SCHOOL_YEAR, author=people.teacher, title="Đề tài", user=world.teacher_a
        )
        evidence = document_for(world.teacher_a)
        foreign = document_for(world.principal_a)
    path = f"/sang-kien/{initiative.pk}/"
    client.post(path + "tai-lieu/", {"evidence": foreign.pk})
    with school_a(world):
        assert Initiative.objects.get().document_id is None
    client.post(path + "tai-lieu/", {"evidence": evidence.pk})
    client.post(path + "nop/")
    with school_a(world):
        assert Initiative.objects.get().status == Initiative.Status.SUBMITTED
    page = client.get(path).content.decode()
    assert "sang-kien.pdf" in part(page, "initiative-document")
    # Another teacher may not change someone else's initiative.
    other = client_for(people.other_user, world.school_a)
    assert other.post(path + "tai-lieu/", {"evidence": evidence.pk}).status_code == 403


def test_the_department_flag_shows_on_the_page_and_the_author_is_refused(world, people, client_for):
    with school_a(world):
        initiative = submitted_initiative(people.teacher)
    client = client_for(world.principal_a, world.school_a)
    path = f"/sang-kien/{initiative.pk}/nguoi-cham/"
    refused = client.post(path, {"reviewer": world.teacher_a.pk}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "tác giả hoặc đồng tác giả" in refused.content.decode()
    added = client.post(path, {"reviewer": people.colleague_user.pk}, HTTP_HX_REQUEST="true")
    assert added.status_code == 200
    assert 'data-testid="same-department-flag"' in added.content.decode()
    page = client.get(f"/sang-kien/{initiative.pk}/").content.decode()
    assert 'data-testid="same-department-flag"' in page
    # A teacher may not assign reviewers.
    teacher = client_for(people.other_user, world.school_a)
    assert teacher.post(path, {"reviewer": people.vice.pk}).status_code == 403


def totals_shown(html: str) -> list[str]:
    return [t.strip() for t in re.findall(r'data-testid="review-total">(.*?)</td>', html, re.S)]


def test_a_reviewer_does_not_see_the_others_scores_until_they_submit_their_own(world, people, client_for):
    with school_a(world):
        initiative = submitted_initiative(people.teacher)
        first = assign(world, initiative, people.vice)
        second = assign(world, initiative, people.other_user)
        score(first, GOOD)
    path = f"/sang-kien/{initiative.pk}/"
    reviewer = client_for(people.other_user, world.school_a)
    before = reviewer.get(path).content.decode()
    assert "90" not in totals_shown(before) and 'data-testid="score-table"' not in before
    assert 'data-testid="scores-hidden"' in before and 'data-testid="score-form"' in before
    # The author never sees the individual scores either.
    assert "90" not in client_for(world.teacher_a, world.school_a).get(path).content.decode()
    with school_a(world):
        criteria = list(Rubric.objects.get().criteria.all())
    response = reviewer.post(
        path + "cham/",
        {**{f"diem-{c.pk}": p for c, p in zip(criteria, FAIR, strict=True)}, "action": "submit"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Đã nộp phiếu chấm" in response.content.decode()
    after = reviewer.get(path).content.decode()
    assert totals_shown(after) == ["90", "74"]
    with school_a(world):
        assert Review.objects.get(pk=second.pk).is_submitted
    # The manager (not a reviewer) sees the scores.
    assert totals_shown(client_for(world.principal_a, world.school_a).get(path).content.decode()) == [
        "90",
        "74",
    ]


def test_a_score_above_the_maximum_is_refused_on_the_page(world, people, client_for):
    with school_a(world):
        initiative = submitted_initiative(people.teacher)
        assign(world, initiative, people.vice)
        criterion = Rubric.objects.get().criteria.first()
    response = client_for(people.vice, world.school_a).post(
        f"/sang-kien/{initiative.pk}/cham/",
        {f"diem-{criterion.pk}": "35", "action": "draft"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "tối đa 30 điểm; bạn nhập 35" in response.content.decode()
    # Someone not assigned cannot score at all.
    assert (
        client_for(world.principal_a, world.school_a).post(f"/sang-kien/{initiative.pk}/cham/").status_code
        == 403
    )


def test_the_gap_shows_on_the_list_and_the_chair_decides_on_the_page(world, people, client_for):
    with school_a(world):
        services.save_council(
            school=world.school_a,
            school_year=SCHOOL_YEAR,
            chair=people.vice,
            members=[people.third],
            gap_threshold=5,
            user=world.principal_a,
        )
        disputed = reviewed_initiative(world, people, first=GOOD, second=FAIR, title="Đề tài lệch điểm")
        agreed = reviewed_initiative(world, people, first=GOOD, second=GOOD, title="Đề tài thống nhất")
    chair = client_for(people.vice, world.school_a)
    listing = chair.get(f"/sang-kien/?nam={SCHOOL_YEAR}").content.decode()
    assert listing.count('data-testid="needs-third"') == 1 and "cần người chấm thứ ba" in listing
    assert "cần người chấm thứ ba" in chair.get(f"/sang-kien/{disputed.pk}/").content.decode()
    decision = {
        "recognized": "1",
        "scope": "co_so",
        "decision_number": "45/QĐ-THA",
        "decision_date": "20/04/2026",
    }
    # A teacher may not decide; the chair may.
    assert (
        client_for(people.other_user, world.school_a)
        .post(f"/sang-kien/{agreed.pk}/quyet-dinh/", decision)
        .status_code
        == 403
    )
    chair.post(f"/sang-kien/{agreed.pk}/quyet-dinh/", decision)
    page = chair.get(f"/sang-kien/{agreed.pk}/").content.decode()
    assert "Tốt" in part(page, "initiative-result") and "45/QĐ-THA" in part(page, "initiative-result")
    assert 'data-testid="decision-form"' not in page and 'data-testid="assign-form"' not in page
    chair.post(f"/sang-kien/{disputed.pk}/quyet-dinh/", decision)
    with school_a(world):
        assert Initiative.objects.get(pk=disputed.pk).status == Initiative.Status.UNDER_REVIEW


def test_the_batch_assignment_reports_what_it_skipped(world, people, client_for):
    with school_a(world):
        submitted_initiative(people.teacher, title="Đề tài của chính người chấm")
        submitted_initiative(people.other, title="Đề tài của tổ 2")
    client = client_for(world.principal_a, world.school_a)
    response = client.post(
        "/sang-kien/phan-cong-hang-loat/",
        {
            "nam": SCHOOL_YEAR,
            "trang-thai": "",
            "to": "",
            "reviewer": world.teacher_a.pk,
            "query": f"nam={SCHOOL_YEAR}",
        },
        follow=True,
    )
    page = response.content.decode()
    assert (
        "chấm 1 sáng kiến" in page and "Bỏ qua 1 sáng kiến" in page and "Đề tài của chính người chấm" in page
    )
    assert (
        client_for(people.other_user, world.school_a).post("/sang-kien/phan-cong-hang-loat/", {}).status_code
        == 403
    )


def test_rubric_and_council_pages_are_read_by_all_and_written_by_managers(world, people, client_for):
    teacher = client_for(people.other_user, world.school_a)
    assert "Tính mới" in teacher.get(f"/sang-kien/tieu-chi/?nam={SCHOOL_YEAR}").content.decode()
    assert teacher.get(f"/sang-kien/hoi-dong/?nam={SCHOOL_YEAR}").status_code == 200
    assert teacher.post(f"/sang-kien/tieu-chi/?nam={SCHOOL_YEAR}", {}).status_code == 403
    assert teacher.post(f"/sang-kien/hoi-dong/?nam={SCHOOL_YEAR}", {}).status_code == 403
    manager = client_for(world.principal_a, world.school_a)
    manager.post(
        "/sang-kien/tieu-chi/",
        {
            "nam": SCHOOL_YEAR,
            "criterion_name": ["Tính mới", "Hiệu quả", ""],
            "criterion_max": ["60", "40", ""],
            "band_name": ["Đạt", "Không đạt", ""],
            "band_min": ["50", "0", ""],
            "band_passing": ["1", "0", "1"],
        },
    )
    with school_a(world):
        rubric = Rubric.objects.get(school_year=SCHOOL_YEAR)
        assert [(c.name, c.max_points) for c in rubric.criteria.all()] == [("Tính mới", 60), ("Hiệu quả", 40)]
        assert [(b.name, b.passing) for b in rubric.bands.all()] == [("Đạt", True), ("Không đạt", False)]
    manager.post(
        f"/sang-kien/hoi-dong/?nam={SCHOOL_YEAR}",
        {
            "chair": world.principal_a.pk,
            "members": [people.vice.pk],
            "gap_threshold": "10",
            "decision_basis": "",
        },
    )
    page = teacher.get(f"/sang-kien/hoi-dong/?nam={SCHOOL_YEAR}").content.decode()
    card = page.split('data-testid="council"')[1].split('data-testid="council-form"')[0]
    assert "Chủ tịch: <strong>Nguyễn Thị An</strong>" in card and "Đỗ Thị Phó" in card


def test_the_document_is_downloaded_by_those_who_take_part_only(world, people, client_for, local_storage):
    from plans.evidence.services import store_generated_evidence

    with school_a(world):
        initiative = services.register_initiative(
            school_year=SCHOOL_YEAR, author=people.teacher, title="Đề tài", user=world.teacher_a
        )
        evidence = store_generated_evidence(
            school=world.school_a,
            kind="initiative",
            filename="sk.pdf",
            content=b"%PDF-1.4 x",
            user=world.teacher_a,
        )
        services.attach_document(initiative, evidence, user=world.teacher_a)
        services.submit_initiative(initiative, user=world.teacher_a)
        assign(world, initiative, people.vice)
    path = f"/minh-chung/{evidence.pk}/tai-ve/"
    # The page serves a copy checked against the recorded hash (200), to those who may see it.
    assert client_for(world.teacher_a, world.school_a).get(path).status_code == 200  # the author
    assert client_for(people.vice, world.school_a).get(path).status_code == 200  # a reviewer
    assert client_for(world.principal_a, world.school_a).get(path).status_code == 200  # a manager
    assert client_for(people.other_user, world.school_a).get(path).status_code == 403  # a colleague
    assert client_for(world.principal_b, world.school_b).get(path).status_code == 404  # another school


def queries_of(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def make_initiatives(world, people, count: int, start: int = 0) -> None:
    with school_a(world):
        for n in range(start, start + count):
            initiative = submitted_initiative(
                people.teacher, title=f"Đề tài số {n}", co_authors=[people.colleague]
            )
            score(assign(world, initiative, people.vice), GOOD)
            assign(world, initiative, people.other_user)


@pytest.mark.parametrize(
    "path",
    [f"/sang-kien/?nam={SCHOOL_YEAR}", "/sang-kien/?nam=", f"/api/v1/initiatives/?school_year={SCHOOL_YEAR}"],
)
def test_list_query_count_does_not_grow_with_the_number_of_initiatives(world, people, client_for, path):
    client = client_for(world.principal_a, world.school_a)
    make_initiatives(world, people, 1)
    one = queries_of(client, path)
    make_initiatives(world, people, 6, start=1)
    assert queries_of(client, path) == one


def test_my_reviews_query_count_does_not_grow(world, people, client_for):
    client = client_for(people.other_user, world.school_a)
    make_initiatives(world, people, 1)
    one = queries_of(client, "/api/v1/initiative-reviews/")
    make_initiatives(world, people, 5, start=1)
    assert queries_of(client, "/api/v1/initiative-reviews/") == one
    assert len(client.get("/api/v1/initiative-reviews/").json()["results"]) == 6


# --- API --------------------------------------------------------------------------------------------


def test_the_api_registers_updates_and_refuses_in_vietnamese(world, people, client_for):
    api = client_for(world.teacher_a, world.school_a)
    created = api.post(
        "/api/v1/initiatives/",
        {
            "school_year": SCHOOL_YEAR,
            "title": "Rèn kỹ năng giải toán có lời văn",
            "co_authors": [people.colleague.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["author"] == people.teacher.pk and body["co_authors"] == [people.colleague.pk]
    updated = api.patch(
        f"/api/v1/initiatives/{body['id']}/", {"field": "Toán 3"}, content_type="application/json"
    )
    assert updated.status_code == 200 and updated.json()["field"] == "Toán 3"
    # A teacher registers only for themselves, edits only their own.
    for_other = api.post(
        "/api/v1/initiatives/",
        {"school_year": SCHOOL_YEAR, "title": "Hộ", "author": people.other.pk},
        content_type="application/json",
    )
    assert for_other.status_code == 403
    other = client_for(people.other_user, world.school_a)
    assert (
        other.patch(
            f"/api/v1/initiatives/{body['id']}/", {"title": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    refused = api.post(f"/api/v1/initiatives/{body['id']}/submit/")
    assert refused.status_code == 400 and "tải lên tài liệu" in refused.json()["detail"]


def test_the_api_reviews_are_the_reviewers_own_and_decisions_are_the_managers(world, people, client_for):
    with school_a(world):
        initiative = submitted_initiative(people.teacher)
        mine = assign(world, initiative, people.vice)
        theirs = assign(world, initiative, people.other_user)
        criteria = list(Rubric.objects.get().criteria.all())
    api = client_for(people.vice, world.school_a)
    assert [r["id"] for r in api.get("/api/v1/initiative-reviews/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/initiative-reviews/{theirs.pk}/").status_code == 404
    too_much = api.post(
        f"/api/v1/initiative-reviews/{mine.pk}/submit/",
        {"points": {str(criteria[0].pk): "31"}},
        content_type="application/json",
    )
    assert too_much.status_code == 400 and "tối đa 30" in too_much.json()["detail"]
    points = {str(c.pk): str(p) for c, p in zip(criteria, GOOD, strict=True)}
    done = api.post(
        f"/api/v1/initiative-reviews/{mine.pk}/submit/", {"points": points}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["total"] == "90.00" and len(done.json()["scores"]) == 5
    other = client_for(people.other_user, world.school_a)
    other.post(
        f"/api/v1/initiative-reviews/{theirs.pk}/submit/", {"points": points}, content_type="application/json"
    )
    decision = {
        "recognized": True,
        "scope": "co_so",
        "decision_number": "45/QĐ-THA",
        "decision_date": "2026-04-20",
    }
    teacher = client_for(world.teacher_a, world.school_a)
    assert (
        teacher.post(
            f"/api/v1/initiatives/{initiative.pk}/decide/", decision, content_type="application/json"
        ).status_code
        == 403
    )
    decided = client_for(world.principal_a, world.school_a).post(
        f"/api/v1/initiatives/{initiative.pk}/decide/", decision, content_type="application/json"
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["grade"] == "Tốt" and decided.json()["recognized"] is True
