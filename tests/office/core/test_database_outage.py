"""PostgreSQL dropping the web's connection in the middle of a request, for real: a second connection
holds a lock the request's second write waits for, and the request's backend is terminated with
pg_terminate_backend while it waits (what a database restart does to every open connection). The
person gets the Vietnamese 503 page, not a traceback; the first write of the transaction is gone with
it (nothing half-written); the next request on the same web thread reconnects and works."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test import Client

from office.audit.models import AuditEvent
from office.movements.models import Movement
from tests.conftest import OFFICE_HOST, load_world
from tests.factories.workers import wait_until


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """The request runs on a thread of its own with its own connection: nothing of the test's
    transaction would be visible to it, so the world is the committed one and the test cleans up."""
    with django_db_blocker.unblock():
        name = f"Phong trào thử sự cố {uuid.uuid4().hex[:6]}"
        yield load_world(), name
        for movement in Movement.objects.filter(name=name):
            AuditEvent.objects.filter(object_type="movements.movement", object_id=str(movement.pk)).delete()
            # Not movement.delete(): the collector looks for school-side links in the public schema.
            Movement.objects.filter(pk=movement.pk)._raw_delete(connection.alias)


def _close_own_connection() -> None:
    """The web thread's connection, closed from that thread (one it merely shares is left alone)."""
    if connection.connection is not None and connection._thread_ident == threading.get_ident():
        connection.close()


def _waiting_backend() -> int | None:
    """The backend of this database that waits for a lock (the request's), if any yet."""
    with connection.cursor() as cursor:
        # Inside a transaction the statistics views keep their first snapshot: take a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_connection_killed_mid_request_gives_the_503_page_no_half_write_and_the_next_request_works(
    committed,
):
    world, name = committed
    client = Client(HTTP_HOST=OFFICE_HOST, raise_request_exception=False)
    client.force_login(world.specialist)
    form = {"authority": world.office.pk, "name": name, "kind": "chuyen_de", "school_year": "2026-2027"}
    # One web thread, as a gunicorn worker's: its connection is the one that is killed and re-opened.
    web = ThreadPoolExecutor(max_workers=1)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # launch_movement writes the movement, then its audit entry: the second write waits here.
                cursor.execute("LOCK TABLE public.audit_auditevent IN ACCESS EXCLUSIVE MODE")
            answer = web.submit(client.post, "/phong-trao/moi/", form)
            victim = wait_until(_waiting_backend, timeout=30, step=0.05)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [victim])
            response = answer.result(timeout=30)
        assert response.status_code == 503
        assert response["Retry-After"]
        page = response.content.decode()
        assert "Hệ thống tạm thời gián đoạn" in page and "thử lại sau ít phút" in page
        assert "Traceback" not in page and "OperationalError" not in page
        # The movement row written before the audit entry went with the rolled-back transaction.
        assert not Movement.objects.filter(name=name).exists()

        # The same web thread serves the next request on a new connection.
        again = web.submit(client.post, "/phong-trao/moi/", form).result(timeout=30)
        assert again.status_code == 302
        movement = Movement.objects.get(name=name)
        assert (
            AuditEvent.objects.filter(
                action="movement.launched", object_type="movements.movement", object_id=str(movement.pk)
            ).count()
            == 1
        )
    finally:
        web.submit(_close_own_connection).result(timeout=30)
        web.shutdown(wait=True)
