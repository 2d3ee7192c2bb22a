"""The good examples' API (/api/v1/examples/): the same rules as the pages, through the same services."""

from django_tenants.utils import schema_context

from office.submissions.models import Submission
from plans.evidence.services import store_generated_evidence
from plans.examples.models import Example
from tests.plans.examples.conftest import SCHOOL_YEAR, propose

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"


def test_propose_attach_confirm_and_send_up_through_the_api(world, ex, client_for, local_storage):
    head = client_for(ex.head, world.school_a)
    body = {
        "school_year": SCHOOL_YEAR,
        "subject": "person",
        "staff": ex.teacher.pk,
        "title": "Thầy giáo tận tụy",
        "story": "Ba năm liền thầy kèm riêng em Minh.",
        "achievements": ["Giáo viên dạy giỏi cấp trường"],
        "movement_ids": [ex.movement.pk],
    }
    created = head.post("/api/v1/examples/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "proposed" and created.json()["name"] == "Trần Văn Ánh"
    with schema_context(world.school_a.schema_name):
        photo = store_generated_evidence(
            school=world.school_a, kind="example", filename="anh.pdf", content=PDF, user=ex.head
        )
    attached = head.post(
        f"/api/v1/examples/{pk}/files/",
        {"evidence": photo.pk, "label": "Ảnh"},
        content_type="application/json",
    )
    assert attached.status_code == 200 and attached.json()["files"] == [
        {"evidence": photo.pk, "label": "Ảnh"}
    ]
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get(f"/api/v1/examples/{pk}/").status_code == 404  # not confirmed yet
    assert teacher.post(f"/api/v1/examples/{pk}/confirm/").status_code == 404
    assert head.post(f"/api/v1/examples/{pk}/confirm/").status_code == 403
    principal = client_for(world.principal_a, world.school_a)
    assert (
        principal.post(
            f"/api/v1/examples/{pk}/return/", {"note": ""}, content_type="application/json"
        ).status_code
        == 400
    )
    confirmed = principal.post(f"/api/v1/examples/{pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert [e["id"] for e in teacher.get("/api/v1/examples/").json()["results"]] == [pk]
    assert (
        head.post(
            "/api/v1/examples/submit/", {"school_year": SCHOOL_YEAR}, content_type="application/json"
        ).status_code
        == 403
    )
    sent = principal.post(
        "/api/v1/examples/submit/", {"school_year": SCHOOL_YEAR}, content_type="application/json"
    )
    assert sent.status_code == 201 and sent.json()["version"] == 1
    assert Submission.objects.filter(pk=sent.json()["submission"], kind="examples").exists()


def test_a_teacher_may_not_propose_and_another_school_sees_nothing(world, ex, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    refused = teacher.post(
        "/api/v1/examples/",
        {"school_year": SCHOOL_YEAR, "subject": "school", "title": "x", "story": "y"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
        assert Example.objects.count() == 1
    other = client_for(world.principal_b, world.school_b)
    assert other.get(f"/api/v1/examples/{example.pk}/").status_code == 404
    assert other.get("/api/v1/examples/").json()["results"] == []
