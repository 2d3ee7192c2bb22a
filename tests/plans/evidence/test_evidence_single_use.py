"""A presigned upload form stays valid for its whole lifetime, so posting it again after the server has
checked the file must not change what is downloaded: on verification the object moves to a key of its
own that no form targets, and the upload key is emptied. Over HTTP, against moto's S3 server and the
local store's endpoint."""

import hashlib

import pytest
from django_tenants.utils import schema_context

from office.core.object_storage import get_object_storage
from plans.evidence.models import Evidence
from tests.plans.evidence.test_evidence_uploads import GOOD_PDF, post_to_local, post_to_s3, start

# Same size and type as the checked file, so nothing but the hash could tell them apart.
FORGED_PDF = b"%PDF-1.7\n% forged after the check\n" + b"y" * (len(GOOD_PDF) - 34)
assert len(FORGED_PDF) == len(GOOD_PDF) and FORGED_PDF != GOOD_PDF


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def row(world, pk) -> Evidence:
    with schema_context(world.school_a.schema_name):
        return Evidence.objects.get(pk=pk)


def _upload_then_repost(world, teacher, post):
    started = start(teacher, "Quyết định công nhận.pdf", len(GOOD_PDF), "application/pdf").json()
    post(started, GOOD_PDF)
    done = teacher.post(started["complete_url"])
    assert done.status_code == 200, done.content
    verified = row(world, started["id"])
    upload_key = started["upload"]["fields"]["key"]
    # The checked bytes now live at a key of their own; the upload key was emptied.
    assert verified.key != upload_key and verified.key.startswith("schools/truonga/initiative/")
    assert verified.key.endswith("/Quyết định công nhận.pdf")
    assert get_object_storage().stat(upload_key) is None
    # The same form, posted again with other bytes, is still accepted by storage …
    post(started, FORGED_PDF)
    # … but lands where nobody reads: the record and its object are unchanged.
    after = row(world, started["id"])
    assert (after.key, after.sha256, after.status) == (
        verified.key,
        verified.sha256,
        Evidence.Status.VERIFIED,
    )
    assert after.sha256 == hashlib.sha256(GOOD_PDF).hexdigest()
    # Confirming again changes nothing either.
    assert teacher.post(started["complete_url"]).json()["sha256"] == after.sha256
    assert row(world, started["id"]).key == verified.key
    return started, after


def test_reposting_the_s3_form_after_verification_does_not_change_the_download(world, s3_storage, teacher):
    started, verified = _upload_then_repost(world, teacher, post_to_s3)
    download = teacher.get(f"/minh-chung/{started['id']}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == GOOD_PDF
    assert b"".join(s3_storage.iter_chunks(verified.key)) == GOOD_PDF


def test_reposting_the_local_form_after_verification_does_not_change_the_download(
    world, local_storage, teacher
):
    started, verified = _upload_then_repost(world, teacher, lambda s, c: post_to_local(teacher, s, c))
    download = teacher.get(f"/minh-chung/{started['id']}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == GOOD_PDF
    assert b"".join(local_storage.iter_chunks(verified.key)) == GOOD_PDF


def test_a_refused_upload_leaves_nothing_at_either_key(
    world, s3_storage, teacher, django_capture_on_commit_callbacks
):
    started = start(teacher, "gia-mao.pdf", 300, "application/pdf").json()
    post_to_s3(started, b"<html>" + b"x" * 294)
    with django_capture_on_commit_callbacks(execute=True):  # the object goes once the refusal is committed
        done = teacher.post(started["complete_url"])
    assert done.status_code == 400
    refused = row(world, started["id"])
    assert refused.status == Evidence.Status.REJECTED
    assert s3_storage.stat(started["upload"]["fields"]["key"]) is None
    assert s3_storage.stat(refused.key) is None
