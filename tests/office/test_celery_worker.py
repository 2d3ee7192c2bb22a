"""A real Celery worker process, over the real Redis broker, runs a school's task in that school's
schema and nowhere else."""

import subprocess
import sys
import time
import uuid

import pytest
from django_tenants.utils import schema_context

from plans.notifications.models import Notification
from plans.notifications.tasks import deliver_notification
from tests.conftest import REPO_DIR, process_env

BROKER = "redis://127.0.0.1:6379/14"


@pytest.fixture(scope="module")
def celery_worker(django_db_setup):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = process_env(CELERY_BROKER_URL=BROKER, CELERY_RESULT_BACKEND=BROKER, CELERY_QUEUE=queue)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "office.celery",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO_DIR,
        env=env,
    )
    yield queue
    process.terminate()
    process.wait(timeout=30)


def _written_in(schema: str, message: str) -> bool:
    with schema_context(schema):
        return Notification.objects.filter(message=message).exists()


def test_a_task_sent_from_a_school_writes_into_that_schools_schema_only(world, celery_worker):
    from office.celery import app

    message = f"Nhắc việc thử nghiệm {uuid.uuid4().hex[:6]}"
    # Sent over a connection of its own to the worker's broker: the app's pooled connection may be
    # bound to the default broker by whatever ran before in this process.
    with app.connection_for_write(BROKER) as connection, schema_context(world.school_a.schema_name):
        deliver_notification.apply_async(
            args=[world.principal_a.pk, message], queue=celery_worker, connection=connection
        )
    deadline = time.monotonic() + 60
    while not _written_in(world.school_a.schema_name, message):
        assert time.monotonic() < deadline, "the worker did not write the notification within 60 s"
        time.sleep(0.2)
    assert not _written_in(world.school_b.schema_name, message)
