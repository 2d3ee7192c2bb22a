"""A real Celery worker process on a private queue of a Redis broker database of the tests' own, and
waiting for what it does (the decision delivery's crash and sweep tests)."""

import subprocess
import sys
import time
from contextlib import contextmanager, suppress

from tests.conftest import REPO_DIR, process_env

BROKER = "redis://127.0.0.1:6379/14"


def start_worker(queue: str, *, broker: str = BROKER) -> subprocess.Popen:
    env = process_env(CELERY_BROKER_URL=broker, CELERY_RESULT_BACKEND=broker, CELERY_QUEUE=queue)
    return subprocess.Popen(
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


def wait_until(condition, *, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not reached in {timeout} s")


def _drop_broker_connections(app) -> None:
    """Forget the connection pools and result store built for the broker used so far: they are kept
    by the app, so without this a changed broker_url would still send to the old broker."""
    if app._pool is not None:
        with suppress(Exception):  # a pool whose broker is gone: it is dropped all the same
            app._pool.force_close_all()
        app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def sending_to(broker: str, queue: str):
    """This process's Celery app sends to `broker`, on `queue`, inside the block, and to what it sent
    to before afterwards."""
    from office.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue)
    _drop_broker_connections(app)
    app.conf.broker_url = app.conf.result_backend = broker
    app.conf.task_default_queue = queue
    try:
        yield app
    finally:
        _drop_broker_connections(app)
        app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = saved
