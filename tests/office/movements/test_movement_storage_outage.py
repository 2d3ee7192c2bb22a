"""A movement withdrawn while object storage is down (its documents' objects cannot be deleted after
commit) and a document left pending through an outage, with the test's own S3 server stopped and
started again on the same port: the withdrawal stands, the keys are remembered and deleted by the
sweep once storage is back; the pending document is verified by its sweep."""

import datetime

import requests
from django.utils import timezone

from office.core.deletions import retry_object_deletions
from office.core.models import ObjectDeletion
from office.core.uploads import abandoned_after
from office.movements.models import Movement, MovementDocument
from office.movements.services import (
    launch_movement,
    start_document_upload,
    store_generated_document,
    sweep_pending_documents,
    withdraw_movement,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 2000 + b"\n%%EOF\n"


def test_withdrawing_while_storage_is_down_leaves_no_orphan_once_it_is_back(
    world, private_s3, django_capture_on_commit_callbacks
):
    server, storage = private_s3
    movement = launch_movement(authority=world.office, user=world.specialist, name="Phong trào rút lại")
    keys = [
        store_generated_document(movement, filename=f"Kế hoạch {n}.pdf", content=PDF_BYTES).key
        for n in (1, 2)
    ]

    server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_movement(movement, user=world.specialist)
    assert not Movement.objects.filter(pk=movement.pk).exists()
    assert sorted(ObjectDeletion.objects.filter(key__in=keys).values_list("key", flat=True)) == sorted(keys)

    server.start()
    assert all(storage.stat(key) is not None for key in keys)  # kept through the outage: orphans
    assert retry_object_deletions() == 2
    assert all(storage.stat(key) is None for key in keys)
    assert not ObjectDeletion.objects.filter(key__in=keys).exists()


def test_a_document_left_pending_through_an_outage_is_verified_by_the_sweep(world, private_s3):
    server, storage = private_s3
    movement = launch_movement(authority=world.office, user=world.specialist, name="Phong trào có văn bản")
    document, post = start_document_upload(
        movement,
        filename="Hướng dẫn.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        user=world.specialist,
    )
    answer = requests.post(post.url, data=post.fields, files={"file": ("f", PDF_BYTES)}, timeout=30)
    assert answer.status_code in (200, 204)
    later = timezone.now() + abandoned_after() + datetime.timedelta(minutes=1)

    server.stop()
    assert sweep_pending_documents(now=later) == 0
    assert MovementDocument.objects.get(pk=document.pk).status == MovementDocument.Status.PENDING

    server.start()
    assert sweep_pending_documents(now=later) == 1
    document.refresh_from_db()
    assert document.status == MovementDocument.Status.VERIFIED and document.sha256
    assert b"".join(storage.iter_chunks(document.key)) == PDF_BYTES
