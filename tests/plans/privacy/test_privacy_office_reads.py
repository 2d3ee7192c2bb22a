"""The office's reads of a school's people (reviewing a dossier, its API, an evidence file, the ZIP of
evidence) are recorded in that school's own schema, so the person finds them on "Ai đã xem dữ liệu
của tôi"; another office's reviewer reads nothing and leaves nothing."""

import hashlib

from django_tenants.utils import schema_context

from office.audit.models import PersonalDataRead
from office.core.object_storage import object_key
from plans.evidence.models import Evidence
from plans.staff.models import Staff
from tests.factories.nominations import submitted_dossier
from tests.plans.privacy.conftest import in_a

Kind = PersonalDataRead.Kind
PDF = b"%PDF-1.4 Giay chung nhan " + b"x" * 100


def reads(world, school=None) -> list[PersonalDataRead]:
    with schema_context((school or world.school_a).schema_name):
        return list(PersonalDataRead.objects.order_by("pk"))


def test_the_office_reviewing_a_dossier_is_in_the_schools_log_and_the_nominee_sees_it(
    world, school_year_data, client_for
):
    anh = school_year_data["anh"]
    with schema_context(world.school_a.schema_name):
        Staff.objects.filter(pk=anh.pk).update(user_id=world.teacher_a.pk)
        _, submission, _ = submitted_dossier(world, school_year_data)
    assert {n["staff"] for n in submission.payload["nominees"]} == {anh.pk}

    office = client_for(world.specialist)
    assert office.get(f"/tham-dinh/{submission.pk}/").status_code == 200
    assert office.get(f"/api/v1/submissions/{submission.pk}/").status_code == 200
    page, api = reads(world)
    assert page.kind == api.kind == Kind.DOSSIER and page.subjects == [anh.pk]
    assert page.reader_name == "Phạm Thu Chuyên" and page.reader_role == "Chuyên viên phụ trách TĐKT"
    assert page.organisation == "Phòng GDĐT Thử nghiệm" and page.route == f"/tham-dinh/{submission.pk}/"
    assert api.route == f"/api/v1/submissions/{submission.pk}/"
    with schema_context("public"):
        assert not PersonalDataRead.objects.exists()  # nothing in the office's own schema

    html = client_for(world.teacher_a, world.school_a).get("/du-lieu-ca-nhan/").content.decode()
    assert "Phạm Thu Chuyên" in html and "Phòng GDĐT Thử nghiệm" in html
    assert "Hồ sơ đề nghị khen thưởng" in html


def test_another_offices_reviewer_reads_nothing_and_leaves_nothing(world, school_year_data, client_for):
    with schema_context(world.school_a.schema_name):
        _, submission, _ = submitted_dossier(world, school_year_data)
    stranger = client_for(world.other_specialist)
    assert stranger.get(f"/tham-dinh/{submission.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/submissions/{submission.pk}/").status_code == 404
    assert reads(world) == [] and reads(world, world.school_b) == []


def test_an_evidence_download_and_the_zip_are_logged_for_the_nominee_they_belong_to(
    world, people, send, client_for, local_storage
):
    colleague = people["colleague"]
    key = object_key(world.school_a.schema_name, "dossier", "Giấy chứng nhận.pdf")
    local_storage.put(key, PDF, "application/pdf")
    item = {
        "id": 7,
        "label": "Giấy chứng nhận",
        "filename": "Giấy chứng nhận.pdf",
        "key": key,
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
        "content_type": "application/pdf",
        "nomination": 41,
    }
    nominee = {"nomination": 41, "staff": colleague.pk, "full_name": "Phạm Thị Kín", "title": "ldtt"}
    payload = {"school_year": "2025-2026", "nominees": [nominee], "evidence": [item]}
    submission = send(payload=payload)
    office = client_for(world.specialist)
    download = office.get(f"/tham-dinh/{submission.pk}/minh-chung/7/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    archive = office.get("/tham-dinh/minh-chung.zip", {"ho-so": submission.pk})
    b"".join(archive.streaming_content)
    one, bundle = reads(world)
    assert (
        one.kind == Kind.EVIDENCE
        and one.subjects == [colleague.pk]
        and one.object_label == "Giấy chứng nhận.pdf"
    )
    assert bundle.kind == Kind.EVIDENCE and bundle.subjects == [colleague.pk]


def test_a_school_member_downloading_a_colleagues_evidence_is_logged(
    world, people, school_year_data, client_for, local_storage
):
    """The school side: the dossier's evidence of Lê Minh Anh, downloaded by the principal."""
    with schema_context(world.school_a.schema_name):
        submitted_dossier(world, school_year_data)
    evidence_id = submitted_evidence_id(world)
    # The page serves a copy checked against the recorded size and hash: the file must be in storage.
    content = b"%PDF-1.7\nquyet dinh"
    with schema_context(world.school_a.schema_name):
        evidence = Evidence.objects.get(pk=evidence_id)
        local_storage.put(evidence.key, content, "application/pdf")
        Evidence.objects.filter(pk=evidence_id).update(
            size=len(content), sha256=hashlib.sha256(content).hexdigest()
        )
    response = client_for(world.principal_a, world.school_a).get(f"/minh-chung/{evidence_id}/tai-ve/")
    assert response.status_code == 200
    [read] = reads(world)
    assert read.kind == Kind.EVIDENCE and read.subjects == [school_year_data["anh"].pk]
    assert read.object_label == "qd.pdf"


def submitted_evidence_id(world) -> int:
    return in_a(world, lambda: Evidence.objects.get(filename="qd.pdf").pk)


def test_a_snapshot_sent_before_nominees_carried_their_staff_id_logs_nobody(world, send, client_for):
    submission = send()  # the older payload shape: no "staff" in the nominees
    assert client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").status_code == 200
    assert reads(world) == []
