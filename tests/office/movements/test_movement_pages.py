"""The office's movement pages and API (within the user's subtrees), documents uploaded straight to
storage, and the school's read-only list of the movements that reach it."""

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.audit.models import AuditEvent
from office.movements.models import Movement, MovementDocument
from office.movements.services import launch_movement

FORM = {
    "authority": "",
    "name": "Thi đua đẩy mạnh chuyển đổi số trong trường học",
    "kind": "chuyen_de",
    "school_year": "2025-2026",
    "starts_on": "15/09/2025",
    "ends_on": "31/05/2026",
    "description": "",
    "criteria": "1. 100% hồ sơ học sinh được số hóa.",
}


def launch(authority, name, **extra):
    return launch_movement(authority=authority, user=None, by_system=True, name=name, **extra)


@pytest.fixture
def ours(world):
    return launch(world.office, "Dạy tốt - Học tốt", school_year="2025-2026", criteria="1. Dạy tốt.")


@pytest.fixture
def theirs(world):
    return launch(world.other_office, "Phong trào Bí Mật Phòng Khác", school_year="2025-2026")


def test_the_list_shows_the_movements_within_reach_only(world, client_for, ours, theirs):
    page = client_for(world.specialist).get("/phong-trao/")
    body = page.content.decode()
    assert page.status_code == 200 and "Dạy tốt - Học tốt" in body and "Bí Mật Phòng Khác" not in body
    assert client_for(world.principal_a).get("/phong-trao/").status_code == 404
    assert client_for(world.outsider).get("/phong-trao/").status_code == 404


def test_the_list_costs_the_same_queries_for_one_movement_as_for_many(
    world, client_for, ours, django_assert_num_queries
):
    client = client_for(world.specialist)
    client.get("/phong-trao/")
    with CaptureQueriesContext(connection) as one:
        client.get("/phong-trao/")
    for index in range(12):
        launch(world.office, f"Đợt thi đua số {index}", school_year="2025-2026")
    with django_assert_num_queries(len(one)):
        body = client.get("/phong-trao/").content.decode()
    assert len(re.findall(r'data-testid="movement-\d+"', body)) == 13


def test_an_office_member_launches_a_movement_from_the_form(world, client_for):
    response = client_for(world.specialist).post("/phong-trao/moi/", {**FORM, "authority": world.office.pk})
    assert response.status_code == 302
    movement = Movement.objects.get(name=FORM["name"])
    assert (movement.authority, movement.launched_by, movement.school_year) == (
        world.office,
        world.specialist,
        "2025-2026",
    )
    assert movement.starts_on == date(2025, 9, 15)
    assert AuditEvent.objects.filter(action="movement.launched", user=world.specialist).exists()
    detail = client_for(world.specialist).get(response["Location"]).content.decode()
    assert "1. 100% hồ sơ học sinh được số hóa." in detail


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"school_year": "2025-2027"}, "Năm học “2025-2027” không hợp lệ"),
        ({"ends_on": "01/09/2025"}, "Ngày kết thúc 01/09/2025 đứng trước ngày bắt đầu 15/09/2025"),
        ({"starts_on": "32/09/2025"}, "Ngày ghi dạng dd/mm/yyyy"),
        ({"name": ""}, "Hãy ghi tên phong trào"),
        ({"authority": "other"}, "Hãy chọn một cơ quan trong phạm vi của bạn"),
    ],
)
def test_a_refused_form_says_why_and_launches_nothing(world, client_for, change, message):
    data = {**FORM, "authority": world.office.pk, **change}
    if data["authority"] == "other":
        data["authority"] = world.other_office.pk
    response = client_for(world.specialist).post("/phong-trao/moi/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Movement.objects.exists()


def test_another_offices_movement_answers_404_everywhere(world, client_for, theirs):
    client = client_for(world.specialist)
    for path in (f"/phong-trao/{theirs.pk}/", f"/phong-trao/{theirs.pk}/sua/"):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/phong-trao/{theirs.pk}/sua/", {**FORM, "authority": world.other_office.pk}).status_code
        == 404
    )
    assert (
        client.post(
            f"/phong-trao/{theirs.pk}/van-ban/tai-len/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/movements/{theirs.pk}/").status_code == 404
    assert client.delete(f"/api/v1/movements/{theirs.pk}/").status_code == 404
    assert Movement.objects.filter(pk=theirs.pk).exists()


def test_editing_keeps_the_launching_authority_and_is_audited(world, client_for, ours):
    response = client_for(world.specialist).post(
        f"/phong-trao/{ours.pk}/sua/", {**FORM, "authority": world.office.pk, "name": "Dạy tốt - Học tốt"}
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.kind == "chuyen_de" and ours.criteria == FORM["criteria"]
    event = AuditEvent.objects.get(action="movement.updated", object_id=str(ours.pk))
    assert event.before["criteria"] == "1. Dạy tốt." and event.after["criteria"] == FORM["criteria"]


def _upload(client, movement, name, content, content_type="application/pdf"):
    started = client.post(
        f"/phong-trao/{movement.pk}/van-ban/tai-len/",
        json.dumps({"filename": name, "content_type": content_type, "size": len(content)}),
        content_type="application/json",
    )
    if started.status_code != 201:
        return started
    upload = started.json()["upload"]
    stored = client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile(name, content)})
    assert stored.status_code == 204
    return client.post(started.json()["complete_url"])


def test_a_document_goes_straight_to_storage_and_reaches_the_schools_of_the_subtree(
    world, client_for, ours, local_storage
):
    client = client_for(world.specialist)
    done = _upload(client, ours, "Kế hoạch phát động.pdf", b"%PDF-1.4 ke hoach")
    assert done.status_code == 200 and done.json()["filename"] == "Kế hoạch phát động.pdf"
    document = MovementDocument.objects.get(movement=ours)
    assert document.status == "verified" and len(document.sha256) == 64
    assert document.key.startswith(f"authorities/{world.office.pk}/movements/")
    assert "Kế hoạch phát động.pdf" in client.get(f"/phong-trao/{ours.pk}/").content.decode()
    download = client.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/")
    assert download.status_code == 302
    school_a = client_for(world.principal_a, world.school_a)
    assert "Kế hoạch phát động.pdf" in school_a.get("/phong-trao/?nam_hoc=2025-2026").content.decode()
    assert school_a.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/").status_code == 302
    school_b = client_for(world.principal_b, world.school_b)
    assert school_b.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/").status_code == 404
    assert (
        client_for(world.other_specialist).get(f"/phong-trao/van-ban/{document.pk}/tai-ve/").status_code
        == 404
    )


def test_a_document_whose_content_is_not_its_type_is_refused_and_deleted(
    world, client_for, ours, local_storage, django_capture_on_commit_callbacks
):
    client = client_for(world.specialist)
    with django_capture_on_commit_callbacks(execute=True):  # the object goes once the refusal is committed
        refused = _upload(client, ours, "gia.pdf", b"<html>not a pdf</html>")
    assert refused.status_code == 400 and "không khớp với phần mở rộng" in refused.json()["detail"]
    document = MovementDocument.objects.get(movement=ours)
    assert document.status == "rejected" and local_storage.stat(document.key) is None
    wrong_type = _upload(client, ours, "virus.exe", b"MZ")
    assert wrong_type.status_code == 400 and "chỉ nhận tệp PDF" in wrong_type.json()["detail"]


def test_the_school_sees_the_movements_that_reach_it_and_not_others(world, client_for, ours, theirs):
    launch(world.office.parent, "Phong trào của Sở Thử nghiệm", school_year="2025-2026")
    page = client_for(world.principal_a, world.school_a).get("/phong-trao/?nam_hoc=2025-2026")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Dạy tốt - Học tốt" in body and "Phong trào của Sở Thử nghiệm" in body
    assert "Bí Mật Phòng Khác" not in body
    api = client_for(world.teacher_a, world.school_a).get("/api/v1/movements/").json()["results"]
    assert {row["name"] for row in api} == {"Dạy tốt - Học tốt", "Phong trào của Sở Thử nghiệm"}
    assert client_for(world.teacher_a, world.school_a).post("/api/v1/movements/", {}).status_code == 405
    assert client_for(world.principal_a, world.school_a).get("/phong-trao/?nam_hoc=abc").status_code == 404


def test_the_school_list_and_api_cost_the_same_queries_for_one_movement_as_for_many(
    world, client_for, ours, django_assert_num_queries
):
    client = client_for(world.principal_a, world.school_a)
    paths = ("/phong-trao/?nam_hoc=2025-2026", "/api/v1/movements/")
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as one:
            client.get(path)
        counts[path] = len(one)
    for index in range(10):
        launch(world.office, f"Đợt thi đua số {index}", school_year="2025-2026")
    for path in paths:
        with django_assert_num_queries(counts[path]):
            assert "Đợt thi đua số 9" in client.get(path).content.decode()


def test_the_office_api_creates_changes_and_withdraws_within_reach(
    world, client_for, ours, django_assert_num_queries
):
    client = client_for(world.specialist)
    created = client.post(
        "/api/v1/movements/",
        {
            "authority": "t-office",
            "name": "Đợt thi đua 20/11",
            "kind": "theo_dot",
            "school_year": "2025-2026",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["authority_name"] == "Phòng GDĐT Thử nghiệm"
    pk = created.json()["id"]
    refused = client.post(
        "/api/v1/movements/",
        {"authority": "t-office", "name": "Sai năm", "school_year": "2025-2030"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "không hợp lệ" in json.dumps(refused.json(), ensure_ascii=False)
    outside = client.post(
        "/api/v1/movements/",
        {"authority": "t-other", "name": "Ngoài phạm vi"},
        content_type="application/json",
    )
    assert outside.status_code == 400
    changed = client.patch(
        f"/api/v1/movements/{pk}/", {"criteria": "1. Hội giảng."}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["criteria"] == "1. Hội giảng."
    assert client.delete(f"/api/v1/movements/{pk}/").status_code == 204
    assert not Movement.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="movement.withdrawn", object_id=str(pk)).exists()
    client.get("/api/v1/movements/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/movements/")
    for index in range(6):
        launch(world.office, f"Đợt {index}")
    with django_assert_num_queries(len(one)):
        assert len(client.get("/api/v1/movements/").json()["results"]) == 7


def test_posting_the_upload_form_again_after_verification_changes_nothing(
    world, client_for, ours, local_storage
):
    client = client_for(world.specialist)
    original, forged = b"%PDF-1.4 ke hoach goc", b"%PDF-1.4 ke hoach gia"
    started = client.post(
        f"/phong-trao/{ours.pk}/van-ban/tai-len/",
        json.dumps({"filename": "Kế hoạch.pdf", "content_type": "application/pdf", "size": len(original)}),
        content_type="application/json",
    ).json()
    upload = started["upload"]
    client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile("a.pdf", original)})
    assert client.post(started["complete_url"]).status_code == 200
    document = MovementDocument.objects.get(movement=ours)
    assert document.key != upload["fields"]["key"] and local_storage.stat(upload["fields"]["key"]) is None
    # The form is still within its lifetime; the bytes it posts land where nobody reads.
    client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile("a.pdf", forged)})
    download = client.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/")
    assert b"".join(client.get(download["Location"]).streaming_content) == original
    assert MovementDocument.objects.get(pk=document.pk).key == document.key


def test_a_document_link_works_once_and_only_in_the_session_that_asked(
    world, client_for, ours, local_storage
):
    client = client_for(world.specialist)
    assert _upload(client, ours, "Kế hoạch phát động.pdf", b"%PDF-1.4 ke hoach").status_code == 200
    document = MovementDocument.objects.get(movement=ours)
    location = client.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/")["Location"]
    assert client_for(None).get(location).status_code == 403
    assert client_for(world.other_specialist).get(location).status_code == 403
    assert b"".join(client.get(location).streaming_content) == b"%PDF-1.4 ke hoach"
    assert client.get(location).status_code == 410
    # A school's member downloads it on the school's host the same way.
    school_a = client_for(world.principal_a, world.school_a)
    school_location = school_a.get(f"/phong-trao/van-ban/{document.pk}/tai-ve/")["Location"]
    assert client_for(world.teacher_a, world.school_a).get(school_location).status_code == 403
    assert school_a.get(school_location).status_code == 200
