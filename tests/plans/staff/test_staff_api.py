"""The staff register and award history over /api/v1/: who reads, who writes, filters, the batch
action over the whole filter, refusals in Vietnamese, imports, and the OpenAPI schema."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.rules.vocabulary import Title
from plans.staff import services
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from tests.factories.staff import person, sheet_bytes

D = datetime.date


@pytest.fixture
def principal(world, client_for):
    return client_for(world.principal_a, world.school_a)


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def in_a(world, func):
    with schema_context(world.school_a.schema_name):
        return func()


def add(world, name, **fields) -> Staff:
    return in_a(
        world, lambda: services.create_staff(user=world.principal_a, full_name=name, gender="nu", **fields)
    )


def test_members_read_the_register_with_filters(world, principal, teacher):
    department = in_a(world, lambda: Department.objects.create(name="Tổ khối 5"))
    add(world, "Nguyễn Thị Đào", department=department, date_of_birth=D(1990, 1, 9), status="maternity")
    rows = teacher.get("/api/v1/staff/", {"q": "dao"}).json()["results"]
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Đào"]
    # A colleague's date of birth is the managers' and the person's only (issue 14 item 7).
    assert "date_of_birth" not in rows[0] and rows[0]["status_label"] == "Nghỉ thai sản"
    managed = principal.get("/api/v1/staff/", {"q": "dao"}).json()["results"]
    assert managed[0]["date_of_birth"] == "1990-01-09"
    assert rows[0]["department"] == "Tổ khối 5" and rows[0]["department_id"] == department.pk
    assert teacher.get("/api/v1/staff/", {"department": department.pk}).json()["count"] == 1
    assert teacher.get("/api/v1/staff/", {"status": "working"}).json()["count"] == 2
    assert teacher.get("/api/v1/staff/", {"gender": "nam"}).json()["count"] == 0


def test_only_managers_change_the_register(world, principal, teacher):
    body = {"full_name": "Trần Văn Bình", "gender": "nam", "date_of_birth": "1985-03-02"}
    assert teacher.post("/api/v1/staff/", body, content_type="application/json").status_code == 403
    created = principal.post("/api/v1/staff/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["full_name"] == "Trần Văn Bình"
    pk = created.json()["id"]
    assert (
        teacher.patch(f"/api/v1/staff/{pk}/", {"position": "X"}, content_type="application/json").status_code
        == 403
    )
    refused = principal.patch(
        f"/api/v1/staff/{pk}/", {"joined_sector_on": "2030-01-01"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Ngày vào ngành 01/01/2030 ở sau ngày hôm nay."}
    changed = principal.patch(
        f"/api/v1/staff/{pk}/", {"position": "Tổ trưởng"}, content_type="application/json"
    )
    assert changed.json()["position"] == "Tổ trưởng"
    assert (
        in_a(world, lambda: AuditEvent.objects.filter(object_id=str(pk), action="staff.updated").count()) == 1
    )
    assert teacher.delete(f"/api/v1/staff/{pk}/").status_code == 403
    assert principal.delete(f"/api/v1/staff/{pk}/").status_code == 204
    assert not in_a(world, lambda: Staff.objects.filter(pk=pk).exists())


def test_move_to_department_acts_on_every_result_of_the_filter(world, principal, teacher):
    for index in range(60):  # more than a page of 50
        add(world, f"Giáo Viên {index:02d}", teaches=True)
    add(world, "Nhân Viên Văn Phòng", teaches=False)
    target = in_a(world, lambda: Department.objects.create(name="Tổ khối 1 mới"))
    url = "/api/v1/staff/move-to-department/?q=giao+vien+0"  # 10 people: Giáo Viên 00–09
    assert teacher.post(url, {"department": target.pk}, content_type="application/json").status_code == 403
    response = principal.post(url, {"department": target.pk}, content_type="application/json")
    assert response.json() == {"moved": 10}
    everyone = principal.post(
        "/api/v1/staff/move-to-department/?teaches=true",
        {"department": target.pk},
        content_type="application/json",
    )
    # Every teacher: the 60, and the world's two, less the 10 already there; not the office clerk.
    assert everyone.json() == {"moved": 52}
    assert in_a(world, lambda: Staff.objects.filter(department=target).count()) == 62


def test_linking_an_account_of_another_school_is_refused(world, principal):
    anh = add(world, "Lê Minh Anh")
    refused = principal.post(
        f"/api/v1/staff/{anh.pk}/link-account/",
        {"account": world.principal_b.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Chỉ gắn được tài khoản của người có vai trò trong trường."
    linked = principal.post(
        f"/api/v1/staff/{anh.pk}/link-account/",
        {"account": world.teacher_a.pk},
        content_type="application/json",
    )
    assert linked.json()["has_account"] is True
    unlinked = principal.post(
        f"/api/v1/staff/{anh.pk}/link-account/", {"account": None}, content_type="application/json"
    )
    assert unlinked.json()["has_account"] is False


def test_status_periods_are_for_managers_and_the_person(world, principal, teacher):
    own = add(world, "Trần Văn Ánh")
    other = add(world, "Đỗ Thị Lan")
    in_a(
        world,
        lambda: services.link_account(own, world.teacher_a, school=world.school_a, user=world.principal_a),
    )
    body = {
        "kind": "discipline",
        "starts_on": "2023-03-15",
        "ends_on": "2024-03-14",
        "discipline_level": "khien_trach",
    }
    created = principal.post(f"/api/v1/staff/{own.pk}/periods/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind_label"] == "Kỷ luật"
    refused = principal.post(
        f"/api/v1/staff/{own.pk}/periods/",
        {"kind": "discipline", "starts_on": "2025-01-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["detail"] == "Hãy chọn hình thức kỷ luật."
    assert [p["discipline_level"] for p in teacher.get(f"/api/v1/staff/{own.pk}/periods/").json()] == [
        "khien_trach"
    ]
    assert teacher.get(f"/api/v1/staff/{other.pk}/periods/").status_code == 403
    assert (
        teacher.post(f"/api/v1/staff/{own.pk}/periods/", body, content_type="application/json").status_code
        == 403
    )
    period = created.json()["id"]
    assert principal.get(f"/api/v1/staff/{other.pk}/periods/{period}/").status_code == 404  # not other's
    ended = principal.patch(
        f"/api/v1/staff/{own.pk}/periods/{period}/",
        {"ends_on": "2023-12-31"},
        content_type="application/json",
    )
    assert ended.json()["ends_on"] == "2023-12-31"
    assert principal.delete(f"/api/v1/staff/{own.pk}/periods/{period}/").status_code == 204
    assert not in_a(world, lambda: StaffStatusPeriod.objects.exists())
    assert principal.get("/api/v1/staff/999999/periods/").status_code == 404


def test_awards_over_the_api(world, principal, teacher):
    anh = add(world, "Lê Minh Anh")
    body = {"staff": anh.pk, "school_year": "2023-2024", "title": "ldtt", "issuer_name": "UBND quận Hà Đông"}
    assert teacher.post("/api/v1/awards/", body, content_type="application/json").status_code == 403
    created = principal.post("/api/v1/awards/", body, content_type="application/json")
    assert (
        created.status_code == 201 and created.json()["year"] == 2024 and created.json()["source"] == "manual"
    )
    again = principal.post("/api/v1/awards/", body, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["detail"] == "Lê Minh Anh đã có danh hiệu “Lao động tiên tiến” năm học 2023-2024."
    school = principal.post(
        "/api/v1/awards/",
        {"year": 2024, "title": "ttldxs", "issuer_name": "UBND thành phố Hà Nội", "initiative_ids": []},
        content_type="application/json",
    )
    assert school.status_code == 201 and school.json()["is_collective"] is True
    assert [a["title"] for a in teacher.get("/api/v1/awards/", {"collective": "true"}).json()["results"]] == [
        "ttldxs"
    ]
    assert (
        teacher.get("/api/v1/awards/", {"staff": anh.pk}).json()["results"][0]["staff_name"] == "Lê Minh Anh"
    )
    pk = created.json()["id"]
    moved = principal.patch(
        f"/api/v1/awards/{pk}/", {"school_year": "2024-2025"}, content_type="application/json"
    )
    assert moved.json()["year"] == 2025
    assert principal.delete(f"/api/v1/awards/{pk}/").status_code == 204
    assert in_a(world, lambda: list(AwardRecord.objects.values_list("title", flat=True))) == [Title.TTLDXS]


def test_imports_over_the_api_answer_202_and_the_job_tells_the_result_or_every_bad_cell(
    world, principal, teacher, upload_now
):
    bad = sheet_bytes([person(born="31/02/1990")])
    assert (
        teacher.post("/api/v1/staff/import/", {"file": SimpleUploadedFile("a.xlsx", bad)}).status_code == 403
    )
    taken = upload_now(principal, "/api/v1/staff/import/", "a.xlsx", bad)
    assert taken.status_code == 202 and taken["Location"] == taken.json()["url"]
    refused = principal.get(taken["Location"]).json()
    assert refused["status"] == "refused" and refused["result"] is None
    assert refused["errors"] == ["Dòng 2, cột “Ngày sinh”: không đọc được ngày “31/02/1990”"]
    assert refused["reason"].startswith("Tệp có 1 lỗi nên chưa có dòng nào được lưu.")
    done = upload_now(principal, "/api/v1/staff/import/", "a.xlsx", sheet_bytes([person()]))
    job = principal.get(done.json()["url"]).json()
    assert (job["status"], job["progress"], job["result"]["created"]) == ("done", 100, 1)
    assert in_a(world, lambda: Staff.objects.filter(full_name="Nguyễn Thị Hương").count()) == 1


def test_the_staff_list_costs_the_same_queries_for_one_and_many_rows(world, principal):
    def count() -> int:
        principal.get("/api/v1/staff/")
        with CaptureQueriesContext(connection) as queries:
            principal.get("/api/v1/staff/")
        return len(queries)

    one = count()
    for index in range(20):
        add(
            world,
            f"Người {index}",
            department=in_a(world, lambda i=index: services.department_named(f"Tổ {i % 3}")),
        )
    assert count() == one


def test_the_openapi_schema_documents_the_register_and_awards(world, principal):
    schema = principal.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/staff/",
        "/api/v1/staff/{id}/",
        "/api/v1/staff/move-to-department/",
        "/api/v1/staff/import/",
        "/api/v1/staff/{id}/link-account/",
        "/api/v1/staff/{staff_pk}/periods/",
        "/api/v1/staff/{staff_pk}/periods/{id}/",
        "/api/v1/awards/",
        "/api/v1/awards/{id}/",
        "/api/v1/awards/import/",
        "/api/v1/import-jobs/{id}/",
    ):
        assert path in paths, path
    # The imports answer 202 with the job, whose GET tells its status and result or bad cells.
    for path in ("/api/v1/staff/import/", "/api/v1/awards/import/"):
        assert set(paths[path]["post"]["responses"]) >= {"202", "400"}
    job = schema["components"]["schemas"]["ImportJob"]["properties"]
    assert {"status", "progress", "reason", "errors", "result", "url"} <= set(job)
    parameters = {p["name"] for p in paths["/api/v1/staff/"]["get"]["parameters"]}
    assert {"q", "department", "teaches", "gender", "status"} <= parameters
