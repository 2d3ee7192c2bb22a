"""Good examples going up: photos and documents through the existing evidence upload, the year's
confirmed examples sent on their own (a Submission of kind "examples") or chosen into a dossier, whose
snapshot then carries them; the office reads them on its review page."""

import json

import pytest
from django_tenants.utils import schema_context

from office.core.errors import Invalid, Refused
from office.submissions.models import Submission
from office.submissions.services import return_submission
from plans.evidence.models import Evidence
from plans.examples import services
from plans.examples.models import Example
from tests.factories.nominations import submitted_dossier
from tests.plans.examples.conftest import SCHOOL_YEAR, propose

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"


def upload(client, name: str, content: bytes, kind: str = "example") -> int:
    """The three steps the page's script takes: ask, post straight to the store, confirm."""
    started = client.post(
        "/minh-chung/tai-len/",
        json.dumps({"kind": kind, "filename": name, "content_type": "application/pdf", "size": len(content)}),
        content_type="application/json",
    )
    assert started.status_code == 201, started.content
    started = started.json()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = started["upload"]
    posted = client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile("f", content)})
    assert posted.status_code == 204, posted.content
    assert client.post(started["complete_url"]).status_code == 200
    return started["id"]


def confirmed(world, ex, **fields) -> Example:
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex, **fields)
        return services.confirm_example(example, school=world.school_a, user=world.principal_a)


def test_photos_and_documents_go_through_the_evidence_upload(world, ex, client_for, local_storage):
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
    head = client_for(ex.head, world.school_a)
    evidence_id = upload(head, "Ảnh giờ đọc sách.pdf", PDF)
    response = head.post(
        f"/guong-dien-hinh/{example.pk}/tai-lieu/", {"evidence": evidence_id, "label": "Giờ đọc sách"}
    )
    assert response.status_code == 302
    page = head.get(f"/guong-dien-hinh/{example.pk}/").content.decode()
    assert "Giờ đọc sách" in page
    assert f"/minh-chung/{evidence_id}/tai-ve/" in page
    teacher = client_for(world.teacher_a, world.school_a)
    # Not yet confirmed: the staff does not see its files; once confirmed, everyone of the school does.
    assert teacher.get(f"/minh-chung/{evidence_id}/tai-ve/").status_code in (403, 404)
    with schema_context(world.school_a.schema_name):
        services.confirm_example(example, school=world.school_a, user=world.principal_a)
    download = teacher.get(f"/minh-chung/{evidence_id}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_file_of_another_kind_or_not_checked_is_refused(world, ex, client_for, local_storage):
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
    head = client_for(ex.head, world.school_a)
    dossier_file = upload(head, "to-trinh.pdf", PDF, kind="dossier")
    with schema_context(world.school_a.schema_name):
        pending = Evidence.objects.create(
            kind=Evidence.Kind.EXAMPLE,
            key="schools/truonga/example/x/a.pdf",
            filename="a.pdf",
            size=10,
            content_type="application/pdf",
            uploaded_by=ex.head,
        )
    for evidence_id in (dossier_file, pending.pk, "abc"):
        response = head.post(
            f"/guong-dien-hinh/{example.pk}/tai-lieu/", {"evidence": evidence_id, "label": "x"}
        )
        assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert not example.evidence_links.exists()
    # A teacher may not attach to someone else's proposal at all.
    teacher = client_for(world.teacher_a, world.school_a)
    assert (
        teacher.post(f"/guong-dien-hinh/{example.pk}/tai-lieu/", {"evidence": dossier_file}).status_code
        == 404
    )


def test_the_years_confirmed_examples_go_up_on_their_own(world, ex, client_for, local_storage):
    head = client_for(ex.head, world.school_a)
    evidence_id = upload(head, "anh.pdf", PDF)
    with schema_context(world.school_a.schema_name):
        example = propose(world, ex)
        services.attach_evidence(
            example, evidence_id=evidence_id, label="Ảnh lớp học", school=world.school_a, user=ex.head
        )
        services.confirm_example(example, school=world.school_a, user=world.principal_a)
        propose(world, ex, title="Chưa xác nhận, không gửi")
        # Confirmed: nothing more is attached to what the principal confirmed.
        with pytest.raises(Refused):
            services.attach_evidence(
                example, evidence_id=evidence_id, label="x", school=world.school_a, user=world.principal_a
            )
        with pytest.raises(Refused):
            services.submit_examples(school=world.school_a, school_year=SCHOOL_YEAR, user=ex.head)
    assert head.post("/guong-dien-hinh/gui-len/", {"school_year": SCHOOL_YEAR}).status_code == 403
    principal = client_for(world.principal_a, world.school_a)
    response = principal.post("/guong-dien-hinh/gui-len/", {"school_year": SCHOOL_YEAR})
    assert response.status_code == 302
    submission = Submission.objects.get(school=world.school_a, kind=Submission.Kind.EXAMPLES)
    assert submission.year == 2026
    assert [e["title"] for e in submission.payload["examples"]] == [example.title]
    sent = submission.payload["examples"][0]
    assert sent["name"] == "Trần Văn Ánh"
    assert sent["movements"] == [{"id": ex.movement.pk, "name": "Đổi mới, sáng tạo trong dạy và học"}]
    assert [f["label"] for f in submission.payload["evidence"]] == ["Ảnh lớp học"]
    # The office reads it as examples, story and files, not as raw data.
    office = client_for(world.specialist)
    page = office.get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert "Ba năm liền thầy kèm riêng em Minh" in page
    assert "Đổi mới, sáng tạo trong dạy và học" in page
    assert f"/tham-dinh/{submission.pk}/minh-chung/{evidence_id}/" in page
    assert office.get(f"/tham-dinh/{submission.pk}/minh-chung/{evidence_id}/").status_code == 200
    # Sending again is a new version of the same object.
    principal.post("/guong-dien-hinh/gui-len/", {"school_year": SCHOOL_YEAR})
    assert list(
        Submission.objects.filter(school=world.school_a, kind="examples")
        .order_by("version")
        .values_list("status", flat=True)
    ) == ["superseded", "submitted"]


def test_nothing_confirmed_nothing_sent(world, ex):
    with schema_context(world.school_a.schema_name):
        propose(world, ex)
        with pytest.raises(Invalid, match="chưa có gương điển hình nào được xác nhận"):
            services.submit_examples(school=world.school_a, school_year=SCHOOL_YEAR, user=world.principal_a)
    assert not Submission.objects.filter(kind="examples").exists()


def test_chosen_examples_go_up_in_the_dossiers_snapshot(world, ex, school_year_data, client_for):
    from plans.nominations import services as nominations

    with schema_context(world.school_a.schema_name):
        dossier, submission, _ = submitted_dossier(world, school_year_data)
        assert submission.payload["examples"] == []
        waiting = propose(world, ex, title="Chưa xác nhận")
        example = services.confirm_example(propose(world, ex), school=world.school_a, user=world.principal_a)
        # Sent and waiting for the office: the dossier is locked.
        with pytest.raises(Invalid):
            services.choose_for_dossier(
                example, dossier=dossier, school=world.school_a, user=world.principal_a
            )
    return_submission(submission, comments=[{"text": "Bổ sung gương điển hình"}], user=world.specialist)
    with schema_context(world.school_a.schema_name):
        with pytest.raises(Invalid):
            services.choose_for_dossier(
                waiting, dossier=dossier, school=world.school_a, user=world.principal_a
            )
        with pytest.raises(Refused):
            services.choose_for_dossier(example, dossier=dossier, school=world.school_a, user=ex.head)
    principal = client_for(world.principal_a, world.school_a)
    assert principal.post(f"/guong-dien-hinh/{example.pk}/ho-so/", {"dossier": dossier.pk}).status_code == 302
    dossier_page = principal.get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert f'href="/guong-dien-hinh/{example.pk}/"' in dossier_page
    with schema_context(world.school_a.schema_name):
        again = nominations.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    assert [e["title"] for e in again.payload["examples"]] == [example.title]
    assert again.payload["examples"][0]["story"].startswith("Ba năm liền")
    page = client_for(world.specialist).get(f"/tham-dinh/{again.pk}/").content.decode()
    assert 'data-testid="dossier-examples"' in page
    assert "Ba năm liền thầy kèm riêng em Minh" in page
