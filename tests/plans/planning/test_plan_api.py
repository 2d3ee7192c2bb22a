"""The plans API (/api/v1/plans/…): the whole life of a plan, an issued plan that no request can
change, who may write, and that a school's plans never show on another school's host."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.submissions.models import Submission
from plans.planning import services as plan_services
from plans.planning.models import Plan, PlanComment, PlanSection, PlanTask
from plans.planning.selectors import plan_snapshot
from plans.staff.services import add_staff_member
from tenants.models import School
from tests.factories.plans import differences_in_school, every_difference

LOCKED = "Kế hoạch đã ban hành nên không sửa được nội dung. Hãy tạo bản sửa đổi."
API = "/api/v1/plans/"


def draft_in(school, user, *, title="Công tác thi đua, khen thưởng năm 2025", year=2025) -> dict:
    """A draft with two sections (one nested) and a task, written through the services; returns ids."""
    with schema_context(school.schema_name):
        plan = plan_services.create_plan(issuing_body=school.name.upper(), title=title, year=year, user=user)
        plan_services.update_plan_header(plan, signer_name="Nguyễn Thị An", user=user)
        first = plan_services.add_section(plan, heading="MỤC ĐÍCH, YÊU CẦU", body="- Động viên", user=user)
        child = plan_services.add_section(plan, heading="Mục đích", parent=first, user=user)
        second = plan_services.add_section(plan, heading="NỘI DUNG", user=user)
        task = plan_services.add_task(plan, year=year, month=10, text="Đăng ký danh hiệu thi đua", user=user)
    return {"plan": plan.pk, "first": first.pk, "child": child.pk, "second": second.pk, "task": task.pk}


def issued_in(school, user) -> dict:
    ids = draft_in(school, user)
    with schema_context(school.schema_name):
        plan = Plan.objects.get(pk=ids["plan"])
        plan_services.issue_plan(plan, school=school, user=user, confirm=every_difference(plan, school))
    return ids


def stored_state(school, plan_pk: int) -> dict:
    """Everything a content edit could touch, read straight from the school's tables."""
    with schema_context(school.schema_name):
        plan = Plan.objects.get(pk=plan_pk)
        return {
            "snapshot": plan_snapshot(plan),
            "updated_at": plan.updated_at,
            "sections": list(PlanSection.objects.filter(plan=plan).order_by("pk").values()),
            "tasks": list(PlanTask.objects.filter(plan=plan).order_by("pk").values()),
        }


@pytest.fixture
def principal(world, client_for):
    return client_for(world.principal_a, world.school_a)


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def test_a_plan_goes_from_blank_draft_to_issued_and_revised(world, principal, teacher):
    School.objects.filter(pk=world.school_a.pk).update(abbreviation="THA")

    created = principal.post(
        API,
        {
            "issuing_body": "TRƯỜNG TIỂU HỌC A",
            "title": "Công tác thi đua, khen thưởng năm 2025",
            "year": 2025,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["status"], plan["number"], plan["version"]) == ("draft", "", 1)
    url = f"{API}{plan['id']}/"

    header = principal.patch(
        url, {"signer_name": "Nguyễn Thị An", "place": "Hà Nội"}, content_type="application/json"
    )
    assert header.status_code == 200 and header.json()["signer_name"] == "Nguyễn Thị An"

    def add_section(**data):
        response = principal.post(f"{url}sections/", data, content_type="application/json")
        assert response.status_code == 201, response.content
        return response.json()

    first = add_section(heading="MỤC ĐÍCH, YÊU CẦU", body="- Động viên cán bộ, giáo viên")
    child = add_section(heading="Mục đích", parent=first["id"])
    second = add_section(heading="NỘI DUNG THI ĐUA")
    assert [first["marker"], child["marker"], second["marker"]] == ["I.", "1.", "II."]
    edited = principal.patch(
        f"{url}sections/{child['id']}/", {"body": "Khen thưởng kịp thời"}, content_type="application/json"
    )
    assert edited.json()["heading"] == "Mục đích" and edited.json()["body"] == "Khen thưởng kịp thời"
    moved = principal.post(
        f"{url}sections/{second['id']}/move/", {"direction": "up"}, content_type="application/json"
    )
    assert moved.status_code == 200
    order = [s["id"] for s in principal.get(f"{url}sections/").json()]
    assert order == [second["id"], first["id"], child["id"]]

    task = principal.post(
        f"{url}tasks/",
        {"year": 2025, "month": 10, "text": "Đăng ký danh hiệu thi đua", "owner_role": "principal"},
        content_type="application/json",
    )
    assert task.status_code == 201 and task.json()["owner_role_label"] == "Hiệu trưởng"
    assert [t["text"] for t in principal.get(f"{url}tasks/").json()] == ["Đăng ký danh hiệu thi đua"]

    too_early = teacher.post(
        f"{url}sections/{first['id']}/comments/", {"text": "Góp ý sớm"}, content_type="application/json"
    )
    assert too_early.status_code == 400
    assert too_early.json() == {"detail": "Kế hoạch không trong thời gian lấy ý kiến."}

    opened = principal.post(f"{url}open-consultation/")
    assert opened.status_code == 200 and opened.json()["status"] == "consultation"
    comment = teacher.post(
        f"{url}sections/{first['id']}/comments/",
        {"text": "Đề nghị thêm chỉ tiêu cho giáo viên trẻ"},
        content_type="application/json",
    )
    assert comment.status_code == 201, comment.content
    comments = principal.get(f"{url}sections/{first['id']}/comments/").json()
    assert [(c["author_name"], c["text"]) for c in comments] == [
        ("Trần Văn Ánh", "Đề nghị thêm chỉ tiêu cho giáo viên trẻ")
    ]

    assert teacher.post(f"{url}issue/").status_code == 403
    confirm = {"confirm": differences_in_school(world.school_a, plan["id"])}
    issued = principal.post(f"{url}issue/", confirm, content_type="application/json")
    assert issued.status_code == 200, issued.content
    issued_plan = issued.json()
    assert issued_plan["status"] == "issued" and issued_plan["is_locked"]
    assert issued_plan["number"] == "01/KH-THA"
    assert [s["heading"] for s in issued_plan["content"]["sections"]] == [
        "NỘI DUNG THI ĐUA",
        "MỤC ĐÍCH, YÊU CẦU",
    ]
    assert issued_plan["content"]["sections"][1]["children"][0]["heading"] == "Mục đích"
    submission = Submission.objects.for_school(world.school_a).get(
        kind=Submission.Kind.PLAN, reference=f"plan:{plan['id']}"
    )
    assert submission.payload["number"] == "01/KH-THA" and submission.submitted_by == world.principal_a

    revised = principal.post(f"{url}revise/")
    assert revised.status_code == 201, revised.content
    revision = revised.json()
    assert (revision["version"], revision["status"], revision["number"]) == (2, "draft", "")
    assert revision["previous_version"] == plan["id"]
    assert revision["section_count"] == 3 and revision["task_count"] == 1
    again = principal.post(f"{url}revise/")
    assert again.status_code == 400
    assert again.json() == {"detail": "Kế hoạch này đã có một bản sửa đổi đang soạn."}

    listed = principal.get(API, {"year": 2025}).json()["results"]
    assert [(p["id"], p["version"]) for p in listed] == [(revision["id"], 2), (plan["id"], 1)]
    assert [p["id"] for p in principal.get(API, {"status": "issued"}).json()["results"]] == [plan["id"]]

    next_year = principal.post(f"{url}copy-to-next-year/")
    assert next_year.status_code == 201
    assert (next_year.json()["year"], next_year.json()["title"]) == (
        2026,
        "Công tác thi đua, khen thưởng năm 2026",
    )


LOCKED_EDITS = [
    ("patch", "{plan}/", {"title": "Trích yếu đã đổi"}),
    ("post", "{plan}/sections/", {"heading": "MỤC MỚI"}),
    ("post", "{plan}/sections/", {"heading": "Mục con mới", "parent": "{first}"}),
    ("patch", "{plan}/sections/{child}/", {"heading": "Đã đổi"}),
    ("put", "{plan}/sections/{child}/", {"heading": "Đã đổi", "body": "Nội dung đổi"}),
    ("delete", "{plan}/sections/{first}/", None),
    ("post", "{plan}/sections/{second}/move/", {"direction": "up"}),
    ("post", "{plan}/tasks/", {"year": 2025, "month": 11, "text": "Việc mới"}),
    ("patch", "{plan}/tasks/{task}/", {"month": 12}),
    ("put", "{plan}/tasks/{task}/", {"year": 2025, "month": 12, "text": "Việc đã đổi"}),
    ("delete", "{plan}/tasks/{task}/", None),
]


@pytest.mark.parametrize(("method", "path", "data"), LOCKED_EDITS)
def test_an_issued_plan_cannot_be_edited_and_nothing_changes(world, principal, method, path, data):
    ids = issued_in(world.school_a, world.principal_a)
    before = stored_state(world.school_a, ids["plan"])
    if data is not None:
        data = {k: int(v.format(**ids)) if v == "{first}" else v for k, v in data.items()}
    response = getattr(principal, method)(API + path.format(**ids), data, content_type="application/json")
    assert response.status_code == 400, (response.status_code, response.content)
    assert response.json() == {"detail": LOCKED}
    assert stored_state(world.school_a, ids["plan"]) == before


def test_the_owner_follows_up_a_task_of_an_issued_plan_but_changes_only_its_state(world, principal, teacher):
    ids = issued_in(world.school_a, world.principal_a)
    with schema_context(world.school_a.schema_name):
        own = add_staff_member(full_name="Trần Văn Ánh", gender="nam", user=world.teacher_a)
    task_url = f"{API}{ids['plan']}/tasks/{ids['task']}/assign/"

    not_yet_owner = teacher.post(task_url, {"state": "done"}, content_type="application/json")
    assert not_yet_owner.status_code == 403
    assigned = principal.post(task_url, {"owner_staff": own.pk}, content_type="application/json")
    assert assigned.status_code == 200 and assigned.json()["owner_staff_name"] == "Trần Văn Ánh"

    done = teacher.post(task_url, {"state": "done"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert done.json()["owner_staff"] == own.pk  # what was not sent is kept
    handover = teacher.post(
        task_url, {"state": "doing", "owner_role": "principal"}, content_type="application/json"
    )
    assert handover.status_code == 403
    assert handover.json() == {"detail": "Người phụ trách chỉ cập nhật được tình trạng công việc."}
    assert principal.post(task_url, {"state": "lost"}, content_type="application/json").status_code == 400
    with schema_context(world.school_a.schema_name):
        task = PlanTask.objects.get(pk=ids["task"])
        assert (task.state, task.owner_staff_id, task.owner_role) == ("done", own.pk, "")


TEACHER_WRITES = [
    ("post", "", {"issuing_body": "TRƯỜNG A", "title": "Kế hoạch của giáo viên", "year": 2025}),
    ("patch", "{plan}/", {"title": "Trích yếu đã đổi"}),
    ("post", "{plan}/open-consultation/", None),
    ("post", "{plan}/issue/", None),
    ("post", "{plan}/copy-to-next-year/", None),
    ("post", "{plan}/sections/", {"heading": "MỤC MỚI"}),
    ("patch", "{plan}/sections/{child}/", {"heading": "Đã đổi"}),
    ("delete", "{plan}/sections/{first}/", None),
    ("post", "{plan}/sections/{second}/move/", {"direction": "up"}),
    ("post", "{plan}/tasks/", {"year": 2025, "month": 11, "text": "Việc mới"}),
    ("patch", "{plan}/tasks/{task}/", {"month": 12}),
    ("delete", "{plan}/tasks/{task}/", None),
]


def test_a_teacher_reads_plans_but_cannot_write_them(world, teacher):
    ids = draft_in(world.school_a, world.principal_a)
    before = stored_state(world.school_a, ids["plan"])
    assert teacher.get(API).json()["count"] == 1
    assert (
        teacher.get(f"{API}{ids['plan']}/").json()["content"]["sections"][0]["heading"] == "MỤC ĐÍCH, YÊU CẦU"
    )
    assert len(teacher.get(f"{API}{ids['plan']}/sections/").json()) == 3
    for method, path, data in TEACHER_WRITES:
        response = getattr(teacher, method)(API + path.format(**ids), data, content_type="application/json")
        assert response.status_code == 403, (method, path, response.status_code)
        assert "Ban giám hiệu" in response.json()["detail"]
    assert stored_state(world.school_a, ids["plan"]) == before
    with schema_context(world.school_a.schema_name):
        assert Plan.objects.count() == 1


def test_only_the_principal_or_a_vice_principal_issues(world, client_for):
    ids = draft_in(world.school_a, world.principal_a)
    secretary = ensure_user(username="thuky.a", full_name="Thư Ký A", password="mat-khau-thu-ky-2026")
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    vice = ensure_user(
        username="phohieutruong.a", full_name="Phó Hiệu Trưởng A", password="mat-khau-pht-2026"
    )
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    url = f"{API}{ids['plan']}/"

    as_secretary = client_for(secretary, world.school_a)
    assert as_secretary.patch(url, {"place": "Hà Nội"}, content_type="application/json").status_code == 200
    refused = as_secretary.post(f"{url}issue/")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ban hành kế hoạch."}
    assert not Submission.objects.for_school(world.school_a).exists()
    confirm = {"confirm": differences_in_school(world.school_a, ids["plan"])}
    issued = client_for(vice, world.school_a).post(f"{url}issue/", confirm, content_type="application/json")
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    assert issued.json()["content"]["sections"]
    assert Submission.objects.for_school(world.school_a).count() == 1


def test_a_refused_issue_answers_with_the_reason_in_vietnamese(world, principal):
    with schema_context(world.school_a.schema_name):
        empty = plan_services.create_plan(
            issuing_body="TRƯỜNG A", title="Kế hoạch trống", year=2025, user=world.principal_a
        )
    response = principal.post(f"{API}{empty.pk}/issue/")
    assert response.status_code == 400
    assert response.json() == {"detail": "Kế hoạch chưa có nội dung (chưa có mục nào)."}
    blank = principal.post(
        API, {"issuing_body": " ", "title": "Kế hoạch", "year": 2025}, content_type="application/json"
    )
    assert blank.status_code == 400


def test_rows_of_another_plan_or_a_missing_plan_are_not_found(world, principal, teacher):
    one = draft_in(world.school_a, world.principal_a)
    two = draft_in(world.school_a, world.principal_a, title="Kế hoạch năm 2024", year=2024)
    with schema_context(world.school_a.schema_name):
        plan_services.open_consultation(
            Plan.objects.get(pk=one["plan"]), school=world.school_a, user=world.principal_a
        )
    crossed = [
        f"{API}{two['plan']}/sections/{one['first']}/",
        f"{API}{two['plan']}/tasks/{one['task']}/",
        f"{API}{two['plan']}/sections/{one['first']}/comments/",
        f"{API}999999/",
        f"{API}999999/sections/",
        f"{API}999999/tasks/",
    ]
    for url in crossed:
        assert principal.get(url).status_code == 404, url
    assert principal.delete(f"{API}{two['plan']}/sections/{one['first']}/").status_code == 404
    assert (
        principal.post(f"{API}{two['plan']}/tasks/{one['task']}/assign/", {"state": "done"}).status_code
        == 404
    )
    comment = teacher.post(
        f"{API}{two['plan']}/sections/{one['first']}/comments/",
        {"text": "Nhầm kế hoạch"},
        content_type="application/json",
    )
    assert comment.status_code == 404
    with schema_context(world.school_a.schema_name):
        assert PlanSection.objects.filter(pk=one["first"]).exists()
        assert not PlanComment.objects.exists()


def test_school_b_plans_never_show_on_school_a_and_b_members_get_404_on_a(world, client_for):
    secret = draft_in(world.school_b, world.principal_b, title="Kế hoạch Bí Mật Trường B")
    own = draft_in(world.school_a, world.principal_a)
    as_a = client_for(world.principal_a, world.school_a)
    listed = as_a.get(API).content.decode()
    assert "Bí Mật Trường B" not in listed and '"count":1' in listed
    # Each schema numbers its plans from the same sequence start, so B's id may exist in A: never B's data.
    assert "Bí Mật Trường B" not in as_a.get(f"{API}{secret['plan']}/").content.decode()

    as_b_on_a = client_for(world.principal_b, world.school_a)
    for url in (
        API,
        f"{API}{own['plan']}/",
        f"{API}{own['plan']}/sections/",
        f"{API}{own['plan']}/tasks/",
        f"{API}{own['plan']}/sections/{own['first']}/comments/",
    ):
        assert as_b_on_a.get(url).status_code == 404, url
    assert as_b_on_a.post(f"{API}{own['plan']}/issue/").status_code == 404
    assert (
        as_b_on_a.patch(f"{API}{own['plan']}/", {"title": "x"}, content_type="application/json").status_code
        == 404
    )
    with schema_context(world.school_a.schema_name):
        assert Plan.objects.get(pk=own["plan"]).status == Plan.Status.DRAFT


def test_the_school_api_schema_describes_the_plan_endpoints(world, client_for):
    schema = client_for(None, world.school_a).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/plans/",
        "/api/v1/plans/{id}/",
        "/api/v1/plans/{id}/open-consultation/",
        "/api/v1/plans/{id}/issue/",
        "/api/v1/plans/{id}/revise/",
        "/api/v1/plans/{id}/copy-to-next-year/",
        "/api/v1/plans/{plan_pk}/sections/",
        "/api/v1/plans/{plan_pk}/sections/{id}/",
        "/api/v1/plans/{plan_pk}/sections/{id}/move/",
        "/api/v1/plans/{plan_pk}/tasks/",
        "/api/v1/plans/{plan_pk}/tasks/{id}/",
        "/api/v1/plans/{plan_pk}/tasks/{id}/assign/",
        "/api/v1/plans/{plan_pk}/sections/{section_pk}/comments/",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/plans/{id}/"]) >= {"get", "patch"}
    assert "400" in paths["/api/v1/plans/{id}/issue/"]["post"]["responses"]
    components = schema["components"]["schemas"]
    assert components["PlanCreate"]["properties"]["title"]["description"].startswith("Trích yếu")


def test_the_plan_list_runs_the_same_number_of_queries_for_one_plan_or_five(world, principal):
    draft_in(world.school_a, world.principal_a, year=2020)
    principal.get(API)  # warm up what is cached per process

    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = principal.get(API)
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    one = count_queries()
    for year in range(2021, 2025):
        draft_in(world.school_a, world.principal_a, year=year)
    five = count_queries()
    assert (one[1], five[1]) == (1, 5)
    assert one[0] == five[0]
