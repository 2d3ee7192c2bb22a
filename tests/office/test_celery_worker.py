"""A real Celery worker process, over the real Redis broker, runs a school's task in that school's
schema and nowhere else."""

import subprocess
import sys
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


def test_a_task_sent_from_a_school_writes_into_that_schools_schema_only(world, celery_worker, settings):
    from office.celery import app

    app.conf.broker_url = BROKER
    app.conf.result_backend = BROKER
    message = f"Nhắc việc thử nghiệm {uuid.uuid4().hex[:6]}"
    with schema_context(world.school_a.schema_name):
        result = deliver_notification.apply_async(args=[world.principal_a.pk, message], queue=celery_worker)
    notification_id = result.get(timeout=60)
    with schema_context(world.school_a.schema_name):
        assert Notification.objects.filter(pk=notification_id, message=message).exists()
    with schema_context(world.school_b.schema_name):
        assert not Notification.objects.filter(message=message).exists()
