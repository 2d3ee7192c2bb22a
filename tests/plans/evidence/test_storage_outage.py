"""Object storage unreachable while evidence is verified and downloaded, for real: the test's own S3
server (tests/conftest.py private_s3) is stopped and started again on the same port. While it is down
the person gets a Vietnamese 503, the upload stays pending (not lost, not marked bad) and nothing is
audited; once it is back the confirmation succeeds, and beat's sweep finishes what was left pending
(or marks abandoned what never arrived). A refused upload's record changes before its object goes,
and a delete refused by storage is remembered and done by the sweep later."""

import datetime
import hashlib

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.core.deletions import retry_object_deletions
from office.core.models import ObjectDeletion
from office.core.object_storage import UNAVAILABLE_MESSAGE
from office.core.uploads import abandoned_after
from plans.evidence.models import Evidence
from plans.evidence.services import sweep_pending_uploads
from tests.plans.evidence.test_evidence_uploads import (
    GOOD_PDF,
    HTML_PAGE,
    audit_actions,
    evidence,
    post_to_s3,
    start,
)

PDF = "application/pdf"


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def _uploaded(teacher, name: str, content: bytes = GOOD_PDF) -> dict:
    started = start(teacher, name, len(content), PDF).json()
    post_to_s3(started, content)
    return started


def _sweep(world, *, later: datetime.timedelta = datetime.timedelta(0)) -> int:
    with schema_context(world.school_a.schema_name):
        return sweep_pending_uploads(school=world.school_a, now=timezone.now() + abandoned_after() + later)


def test_verification_and_download_while_storage_is_down_then_back(world, private_s3, teacher):
    server, _ = private_s3
    kept = _uploaded(teacher, "Giấy khen.pdf")
    assert teacher.post(kept["complete_url"]).status_code == 200
    waiting = _uploaded(teacher, "Sáng kiến.pdf")
    left = _uploaded(teacher, "Báo cáo thành tích.pdf")  # the browser closes before confirming
    never = start(teacher, "Biên bản.pdf", len(GOOD_PDF), PDF).json()  # nothing ever posted
    upload_key = evidence(world, waiting["id"]).key

    server.stop()
    confirm = teacher.post(waiting["complete_url"])
    assert confirm.status_code == 503
    assert confirm.json()["detail"] == UNAVAILABLE_MESSAGE
    row = evidence(world, waiting["id"])
    assert (row.status, row.key, row.sha256) == (Evidence.Status.PENDING, upload_key, "")
    assert audit_actions(world, waiting["id"]) == []
    download = teacher.get(f"/minh-chung/{kept['id']}/tai-ve/")
    assert download.status_code == 503 and download["Retry-After"]
    assert "Kho lưu trữ tệp tạm thời không kết nối được" in download.content.decode()
    # Beat's sweep during the outage settles nothing and loses nothing.
    assert _sweep(world) == 0
    assert {evidence(world, s["id"]).status for s in (waiting, left, never)} == {Evidence.Status.PENDING}

    server.start()  # the same port, the same objects
    confirm = teacher.post(waiting["complete_url"])
    assert confirm.status_code == 200, confirm.content
    assert confirm.json()["sha256"] == hashlib.sha256(GOOD_PDF).hexdigest()
    assert audit_actions(world, waiting["id"]) == ["evidence.uploaded"]
    download = teacher.get(f"/minh-chung/{kept['id']}/tai-ve/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == GOOD_PDF

    # Not yet past its form's lifetime: the sweep leaves the unconfirmed upload to its browser.
    with schema_context(world.school_a.schema_name):
        assert sweep_pending_uploads(school=world.school_a) == 0
    # Past it: what arrived is verified, what never arrived is abandoned with a reason to read.
    assert _sweep(world, later=datetime.timedelta(minutes=1)) == 2
    done = evidence(world, left["id"])
    assert done.status == Evidence.Status.VERIFIED and done.sha256 == hashlib.sha256(GOOD_PDF).hexdigest()
    assert audit_actions(world, left["id"]) == ["evidence.uploaded"]
    gone = evidence(world, never["id"])
    assert gone.status == Evidence.Status.REJECTED
    assert "chưa được tải lên xong trong thời hạn" in gone.rejection_reason
    assert audit_actions(world, never["id"]) == ["evidence.abandoned"]
    assert _sweep(world, later=datetime.timedelta(days=1)) == 0  # nothing settled twice


def test_a_refused_upload_is_recorded_before_its_object_goes_and_a_failed_delete_is_retried(
    world, private_s3, teacher, django_capture_on_commit_callbacks
):
    server, storage = private_s3
    started = _uploaded(teacher, "gia-mao.pdf", HTML_PAGE)
    with django_capture_on_commit_callbacks() as after_commit:
        refused = teacher.post(started["complete_url"])
    assert refused.status_code == 400 and "không khớp với phần mở rộng" in refused.json()["detail"]
    row = evidence(world, started["id"])
    # Committed first: the record says rejected while the object is still there, remembered for deletion.
    assert row.status == Evidence.Status.REJECTED and audit_actions(world, row.pk) == ["evidence.rejected"]
    assert storage.stat(row.key) is not None
    assert ObjectDeletion.objects.filter(key=row.key).exists()

    server.stop()
    for callback in after_commit:  # the delete after commit meets storage down
        callback()
    remembered = ObjectDeletion.objects.get(key=row.key)
    assert remembered.attempts == 1 and "StorageUnavailable" in remembered.last_error
    assert retry_object_deletions() == 0  # the sweep during the outage: still remembered

    server.start()
    assert storage.stat(row.key) is not None
    assert retry_object_deletions() == 1
    assert storage.stat(row.key) is None
    assert not ObjectDeletion.objects.filter(key=row.key).exists()
    assert evidence(world, started["id"]).status == Evidence.Status.REJECTED
