"""Evidence goes from the browser straight to object storage and is kept only after the server has
checked it (DESIGN.md §3 rule 5). The uploads here really travel over HTTP: to the S3-compatible server
on 127.0.0.1 (moto), or to the local store's endpoint."""

import base64
import hashlib
import io
import json
import zipfile

import docx
import openpyxl
import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.uploads import DOCX, PDF, XLSX
from plans.evidence.models import Evidence
from plans.evidence.services import EvidenceError, complete_upload, start_upload

GOOD_PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"
HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Sáng kiến kinh nghiệm")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Danh sách"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_without_office_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("virus/payload.js", "alert(1)")
    return out.getvalue()


def start(client, name, size, content_type="", kind="initiative"):
    return client.post(
        "/minh-chung/tai-len/",
        json.dumps({"kind": kind, "filename": name, "content_type": content_type, "size": size}),
        content_type="application/json",
    )


def post_to_s3(started: dict, content: bytes) -> None:
    upload = started["upload"]
    response = requests.post(upload["url"], data=upload["fields"], files={"file": ("f", content)}, timeout=30)
    assert response.status_code in (200, 204), response.text


def post_to_local(client, started: dict, content: bytes) -> None:
    upload = started["upload"]
    response = client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile("f", content)})
    assert response.status_code == 204, response.content


def evidence(world, pk) -> Evidence:
    with schema_context(world.school_a.schema_name):
        return Evidence.objects.get(pk=pk)


def audit_actions(world, pk) -> list[str]:
    with schema_context(world.school_a.schema_name):
        return list(
            AuditEvent.objects.filter(object_type="evidence.evidence", object_id=str(pk)).values_list(
                "action", flat=True
            )
        )


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def test_a_good_pdf_goes_straight_to_s3_and_is_kept_with_its_sha256(world, s3_storage, teacher):
    response = start(teacher, "Sáng kiến.pdf", len(GOOD_PDF), "application/pdf")
    assert response.status_code == 201, response.content
    started = response.json()
    assert started["upload"]["url"].startswith(s3_storage.storage.endpoint_url)
    assert started["status"] == "pending"
    post_to_s3(started, GOOD_PDF)
    done = teacher.post(started["complete_url"])
    assert done.status_code == 200, done.content
    row = evidence(world, started["id"])
    assert row.status == Evidence.Status.VERIFIED
    assert row.sha256 == hashlib.sha256(GOOD_PDF).hexdigest() == done.json()["sha256"]
    assert row.size == len(GOOD_PDF) and row.content_type == PDF and row.uploaded_by_id == world.teacher_a.pk
    assert row.key.startswith("schools/truonga/initiative/") and row.key.endswith("/Sáng kiến.pdf")
    assert audit_actions(world, row.pk) == ["evidence.uploaded"]
    # The uploader downloads it from a copy compared with the recorded size and SHA-256.
    download = teacher.get(f"/minh-chung/{row.pk}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == GOOD_PDF


def test_an_object_bigger_than_declared_and_than_the_limit_is_refused_and_deleted(
    world, s3_storage, teacher, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_MAX_BYTES = 2000
    started = start(teacher, "bao-cao.pdf", 1500, "application/pdf").json()
    post_to_s3(started, b"%PDF-1.4\n" + b"x" * 5000)  # moto does not enforce the policy's size range
    with django_capture_on_commit_callbacks(execute=True):  # the object goes once the refusal is committed
        done = teacher.post(started["complete_url"])
    assert done.status_code == 400
    assert "vượt quá giới hạn" in done.json()["detail"]
    assert s3_storage.stat(evidence(world, started["id"]).key) is None
    assert evidence(world, started["id"]).status == Evidence.Status.REJECTED
    assert audit_actions(world, started["id"]) == ["evidence.rejected"]


def test_an_object_whose_size_differs_from_the_declared_one_is_refused(
    world, s3_storage, teacher, django_capture_on_commit_callbacks
):
    started = start(teacher, "bao-cao.pdf", 100, "application/pdf").json()
    post_to_s3(started, GOOD_PDF)
    with django_capture_on_commit_callbacks(execute=True):
        done = teacher.post(started["complete_url"])
    assert done.status_code == 400 and "dung lượng khác" in done.json()["detail"]
    assert s3_storage.stat(evidence(world, started["id"]).key) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sang-kien.pdf", HTML_PAGE),  # a web page renamed .pdf
        ("sang-kien.pdf", EXE),  # a Windows program renamed .pdf
        ("anh.png", JPEG),
        ("sang-kien.docx", zip_without_office_parts()),
        ("bang-diem.xlsx", docx_bytes()),  # a Word file is a zip too, but not a workbook
    ],
)
def test_a_mistyped_file_is_refused_and_deleted_from_the_bucket(world, s3_storage, teacher, name, content):
    started = start(teacher, name, len(content)).json()
    post_to_s3(started, content)
    key = evidence(world, started["id"]).key
    assert s3_storage.stat(key) is not None
    done = teacher.post(started["complete_url"])
    assert done.status_code == 400
    assert "không phải là tệp" in done.json()["detail"] and "đã bị xoá" in done.json()["detail"]
    assert s3_storage.stat(key) is None
    assert evidence(world, started["id"]).status == Evidence.Status.REJECTED
    # A rejected upload stays rejected: confirming again does not resurrect it.
    assert teacher.post(started["complete_url"]).status_code == 400


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("sang-kien.docx", docx_bytes(), DOCX),
        ("danh-sach.xlsx", xlsx_bytes(), XLSX),
        ("anh.png", PNG, "image/png"),
    ],
)
def test_office_files_and_images_are_accepted(world, s3_storage, teacher, name, content, content_type):
    started = start(teacher, name, len(content), content_type).json()
    post_to_s3(started, content)
    assert teacher.post(started["complete_url"]).status_code == 200
    assert evidence(world, started["id"]).sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "size", "content_type", "message"),
    [
        ("chuong-trinh.exe", 100, "application/x-msdownload", "chỉ nhận tệp PDF, JPEG, PNG, DOCX, XLSX"),
        ("bao-cao.doc", 100, "application/msword", "chỉ nhận tệp"),
        ("trang.pdf", 100, "text/html", "khai báo kiểu"),
        ("rong.pdf", 0, "application/pdf", "rỗng"),
        ("lon.pdf", 25 * 1024 * 1024, "application/pdf", "vượt quá giới hạn 20 MB"),
        ("lon.pdf", "nhiều", "application/pdf", "Không đọc được dung lượng"),
    ],
)
def test_bad_uploads_are_refused_before_anything_is_stored(
    world, s3_storage, teacher, name, size, content_type, message
):
    response = start(teacher, name, size, content_type)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    with schema_context(world.school_a.schema_name):
        assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\cô giáo\\Sáng kiến.pdf", "Sáng kiến.pdf"),
        ("bao\x00cao\x1f\r\n.pdf", "baocao.pdf"),
        ("á" * 300 + ".pdf", "á" * 116 + ".pdf"),
    ],
)
def test_a_dangerous_name_is_made_safe(world, s3_storage, teacher, raw, safe):
    started = start(teacher, raw, len(GOOD_PDF), "application/pdf").json()
    assert started["filename"] == safe
    post_to_s3(started, GOOD_PDF)
    assert teacher.post(started["complete_url"]).status_code == 200
    row = evidence(world, started["id"])
    assert row.filename == safe
    assert row.key.startswith("schools/truonga/initiative/") and row.key.endswith("/" + safe)
    assert ".." not in row.key


def test_the_s3_policy_fixes_key_type_and_size_range(world, s3_storage, teacher, settings):
    # moto does not enforce POST policies, so the policy the browser gets is checked itself.
    started = start(teacher, "a.pdf", 10, "application/pdf").json()
    policy = json.loads(base64.b64decode(started["upload"]["fields"]["policy"]))
    key = evidence(world, started["id"]).key
    assert {"key": key} in policy["conditions"]
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert ["content-length-range", 1, settings.UPLOAD_MAX_BYTES] in policy["conditions"]
    assert started["upload"]["fields"]["Content-Type"] == "application/pdf"


def test_the_same_through_the_local_store(world, local_storage, teacher):
    started = start(teacher, "Giấy khen.pdf", len(GOOD_PDF), "application/pdf").json()
    assert started["upload"]["url"].endswith("/objects/upload/")
    post_to_local(teacher, started, GOOD_PDF)
    assert teacher.post(started["complete_url"]).status_code == 200
    row = evidence(world, started["id"])
    assert row.sha256 == hashlib.sha256(GOOD_PDF).hexdigest()
    download = teacher.get(f"/minh-chung/{row.pk}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == GOOD_PDF


def test_a_mistyped_file_is_deleted_from_the_local_store_too(world, local_storage, teacher):
    started = start(teacher, "sang-kien.pdf", len(HTML_PAGE)).json()
    post_to_local(teacher, started, HTML_PAGE)
    key = evidence(world, started["id"]).key
    assert local_storage.stat(key) is not None
    assert teacher.post(started["complete_url"]).status_code == 400
    assert local_storage.stat(key) is None


def test_the_local_store_enforces_the_policy_size_limit(world, local_storage, teacher, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    started = start(teacher, "a.pdf", 900, "application/pdf").json()
    upload = started["upload"]
    response = teacher.post(
        upload["url"], {**upload["fields"], "file": SimpleUploadedFile("a", b"%PDF" + b"x" * 2000)}
    )
    assert response.status_code == 400 and "vượt quá dung lượng" in response.content.decode()
    assert local_storage.stat(evidence(world, started["id"]).key) is None


def test_confirming_before_the_file_arrived_keeps_the_upload_pending(world, local_storage, teacher):
    started = start(teacher, "a.pdf", 10, "application/pdf").json()
    done = teacher.post(started["complete_url"])
    assert done.status_code == 400 and "chưa nhận được" in done.json()["detail"]
    assert evidence(world, started["id"]).status == Evidence.Status.PENDING


def test_only_the_uploader_confirms_an_upload(world, local_storage, teacher, client_for):
    started = start(teacher, "a.pdf", len(GOOD_PDF), "application/pdf").json()
    post_to_local(teacher, started, GOOD_PDF)
    principal = client_for(world.principal_a, world.school_a)
    assert principal.post(started["complete_url"]).status_code == 404
    assert evidence(world, started["id"]).status == Evidence.Status.PENDING


def test_who_may_download_is_decided_by_the_owner_of_the_file(world, local_storage, client_for):
    """A dossier file uploaded by the principal: the managers see it, a teacher does not (no rule of the
    dossier kind admits them)."""
    principal = client_for(world.principal_a, world.school_a)
    started = start(principal, "To trinh.pdf", len(GOOD_PDF), "application/pdf", kind="dossier").json()
    post_to_local(principal, started, GOOD_PDF)
    assert principal.post(started["complete_url"]).status_code == 200
    path = f"/minh-chung/{started['id']}/tai-ve/"
    assert principal.get(path).status_code == 200
    assert client_for(world.teacher_a, world.school_a).get(path).status_code == 403
    assert client_for(world.principal_b, world.school_b).get(path).status_code == 404


def test_the_services_refuse_in_vietnamese(world, local_storage):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(EvidenceError, match="Loại minh chứng không hợp lệ"):
            start_upload(
                school=world.school_a,
                kind="../x",
                filename="a.pdf",
                content_type="",
                size=1,
                user=world.teacher_a,
            )
        row, post = start_upload(
            school=world.school_a,
            kind="award",
            filename="a.pdf",
            content_type="",
            size=1,
            user=world.teacher_a,
        )
        assert row.content_type == PDF and post.fields["Content-Type"] == PDF
        with pytest.raises(EvidenceError, match="chưa nhận được"):
            complete_upload(row, user=world.teacher_a)


def test_the_api_starts_and_completes_an_upload(world, s3_storage, client_for):
    api = client_for(world.teacher_a, world.school_a)
    started = api.post(
        "/api/v1/evidence/",
        {
            "kind": "initiative",
            "filename": "Sáng kiến.pdf",
            "content_type": "application/pdf",
            "size": len(GOOD_PDF),
        },
        content_type="application/json",
    )
    assert started.status_code == 201, started.content
    body = started.json()
    post_to_s3(body, GOOD_PDF)
    done = api.post(f"/api/v1/evidence/{body['id']}/complete/")
    assert done.status_code == 200 and done.json()["sha256"] == hashlib.sha256(GOOD_PDF).hexdigest()
    assert api.get(f"/api/v1/evidence/{body['id']}/").json()["status"] == "verified"
    url = api.get(f"/api/v1/evidence/{body['id']}/download/").json()["url"]
    assert requests.get(url, timeout=30).content == GOOD_PDF
    refused = api.post(
        "/api/v1/evidence/",
        {"kind": "initiative", "filename": "virus.exe", "size": 10},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "chỉ nhận tệp" in refused.json()["detail"]
    # Someone else's upload: not found, whether to confirm or to read.
    other = client_for(world.principal_a, world.school_a)
    assert other.post(f"/api/v1/evidence/{body['id']}/complete/").status_code == 404
