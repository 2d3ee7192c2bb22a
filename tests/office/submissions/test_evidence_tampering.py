"""Evidence replaced in object storage behind the platform's back (the object at a verified key
overwritten directly) is caught by every office download: the single download refuses with a Vietnamese
message, the dossiers' ZIP leaves it out or warns about it, and both record `evidence.tampered`. Against
moto's S3 server over HTTP and the local store."""

import hashlib
import io
import json
import zipfile

import pytest
import requests
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.object_storage import object_key
from plans.evidence.models import Evidence
from tests.office.submissions.conftest import dossier_payload

ORIGINAL = b"%PDF-1.4 Quyet dinh cong nhan sang kien " + b"a" * 200
SAME_SIZE = b"%PDF-1.4 Quyet dinh cong nhan sang kien " + b"b" * 200
BIGGER = ORIGINAL + b"appended"
INTACT = b"%PDF-1.4 Bang khen"


def stored(storage, school, filename, data, number) -> dict:
    """A verified file as a dossier snapshot lists it (what plans.nominations.selectors writes)."""
    key = object_key(school.schema_name, "dossier", filename)
    storage.put(key, data, "application/pdf")
    return {
        "id": number,
        "label": filename,
        "filename": filename,
        "key": key,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "content_type": "application/pdf",
        "nomination": None,
    }


def tampered_events(submission) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="evidence.tampered", object_type="submissions.submission", object_id=str(submission.pk)
        ).order_by("pk")
    )


@pytest.fixture(params=["s3", "local"])
def storage(request):
    return request.getfixturevalue("s3_storage" if request.param == "s3" else "local_storage")


@pytest.mark.parametrize("replacement", [SAME_SIZE, BIGGER], ids=["same-size", "other-size"])
def test_a_replaced_file_is_refused_as_tampered_and_recorded(world, send, client_for, storage, replacement):
    item = stored(storage, world.school_a, "Quyết định.pdf", ORIGINAL, 1)
    submission = send(payload=dossier_payload(world.school_a, evidence=[item]))
    client = client_for(world.specialist)
    url = f"/tham-dinh/{submission.pk}/minh-chung/1/"
    intact = client.get(url)
    assert intact.status_code == 200 and b"".join(intact.streaming_content) == ORIGINAL
    assert tampered_events(submission) == []

    storage.put(item["key"], replacement, "application/pdf")  # someone with access to the bucket
    response = client.get(url)
    assert response.status_code == 409
    page = response.content.decode()
    assert "“Quyết định.pdf”" in page and "có dấu hiệu bị thay đổi trái phép" in page
    assert replacement not in response.content
    [event] = tampered_events(submission)
    assert event.user_id == world.specialist.pk
    assert event.after["key"] == item["key"] and event.after["expected_sha256"] == item["sha256"]
    assert event.after["expected_size"] == len(ORIGINAL) and event.after["actual_size"] == len(replacement)
    if len(replacement) == len(ORIGINAL):
        assert event.after["actual_sha256"] == hashlib.sha256(replacement).hexdigest()
    # The dossier's history on the review page shows it.
    review = client.get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert "Phát hiện minh chứng bị thay đổi trong kho lưu trữ" in review


def test_the_zip_of_dossiers_leaves_out_or_flags_replaced_files(world, send, client_for, s3_storage):
    same_size = stored(s3_storage, world.school_a, "Quyết định.pdf", ORIGINAL, 1)
    other_size = stored(s3_storage, world.school_a, "Biên bản.pdf", ORIGINAL, 2)
    intact = stored(s3_storage, world.school_a, "Bằng khen.pdf", INTACT, 3)
    submission = send(payload=dossier_payload(world.school_a, evidence=[same_size, other_size, intact]))
    s3_storage.put(same_size["key"], SAME_SIZE, "application/pdf")
    s3_storage.put(other_size["key"], BIGGER, "application/pdf")

    response = client_for(world.specialist).get("/tham-dinh/minh-chung.zip", {"ho-so": submission.pk})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    folder = "Trường Tiểu học A/Hồ sơ 1 – phiên bản 1"
    files = {name: archive.read(name) for name in archive.namelist()}
    # A file of another size is left out; one whose hash differs is only known once it has streamed,
    # so it is in the archive and named in the warning.
    assert set(files) == {
        f"{folder}/01 - Quyết định.pdf",
        f"{folder}/03 - Bằng khen.pdf",
        "CẢNH BÁO – tệp bị thay đổi.txt",
    }
    assert files[f"{folder}/03 - Bằng khen.pdf"] == INTACT
    warning = files["CẢNH BÁO – tệp bị thay đổi.txt"].decode()
    assert warning.startswith("CẢNH BÁO: các tệp minh chứng sau")
    assert f"- {folder}/02 - Biên bản.pdf\n" in warning and f"- {folder}/01 - Quyết định.pdf\n" in warning
    assert "Bằng khen" not in warning
    events = tampered_events(submission)
    assert sorted(e.after["key"] for e in events) == sorted([same_size["key"], other_size["key"]])


def test_a_school_upload_sent_in_a_dossier_then_replaced_in_s3_is_refused(
    world, send, client_for, s3_storage
):
    """End to end: the browser's upload checked by the school's server, listed in the dossier the
    office receives, then overwritten at its verified key."""
    teacher = client_for(world.teacher_a, world.school_a)
    started = teacher.post(
        "/minh-chung/tai-len/",
        json.dumps(
            {
                "kind": "dossier",
                "filename": "Tờ trình.pdf",
                "content_type": "application/pdf",
                "size": len(ORIGINAL),
            }
        ),
        content_type="application/json",
    ).json()
    upload = started["upload"]
    requests.post(upload["url"], data=upload["fields"], files={"file": ("f", ORIGINAL)}, timeout=30)
    assert teacher.post(started["complete_url"]).status_code == 200
    with schema_context(world.school_a.schema_name):
        row = Evidence.objects.get(pk=started["id"])
    item = {
        "id": row.pk,
        "filename": row.filename,
        "key": row.key,
        "sha256": row.sha256,
        "size": row.size,
        "content_type": row.content_type,
    }
    submission = send(payload=dossier_payload(world.school_a, evidence=[item]))
    client = client_for(world.specialist)
    url = f"/tham-dinh/{submission.pk}/minh-chung/{row.pk}/"
    # Re-posting the form is harmless …
    requests.post(upload["url"], data=upload["fields"], files={"file": ("f", SAME_SIZE)}, timeout=30)
    assert b"".join(client.get(url).streaming_content) == ORIGINAL
    # … and a write at the verified key itself is caught.
    s3_storage.put(row.key, SAME_SIZE, "application/pdf")
    assert client.get(url).status_code == 409
    assert len(tampered_events(submission)) == 1
