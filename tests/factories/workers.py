"""A real Celery worker process on a private queue of a Redis broker database of the tests' own, and
waiting for what it does (the decision delivery's crash and sweep tests, the import jobs)."""

import subprocess
import sys
import time
from contextlib import contextmanager

from tests.conftest import REPO_DIR, process_env

BROKER = "redis://127.0.0.1:6379/14"


def start_worker(queue: str, *, broker: str | None = BROKER, pool: str = "solo", **env) -> subprocess.Popen:
    """A worker taking `queue`'s tasks. `pool="prefork"` (one child) where time limits must hold: the
    solo pool does not enforce them. `broker=None` keeps the environment's (the test web server's);
    `env` adds settings (IMPORT_SOFT_TIME_LIMIT=...)."""
    brokers = {} if broker is None else {"CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "office.celery",
            "worker",
            f"--pool={pool}",
            *(["--concurrency=1"] if pool == "prefork" else []),
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO_DIR,
        env=process_env(**brokers, CELERY_QUEUE=queue, **env),
    )


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


@contextmanager
def tasks_sent_to(queue: str, broker: str = BROKER):
    """This process's Celery app sending to `queue` of `broker` (where a started worker listens), and
    back to its own settings afterwards, the queue purged."""
    from kombu import Queue

    from office.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue)
    app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = broker, broker, queue
    _drop_producers(app)
    try:
        yield
    finally:
        with app.connection_for_write(broker) as connection:
            Queue(queue, channel=connection.default_channel).purge()
        app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = saved
        _drop_producers(app)


def _drop_producers(app) -> None:
    # The producer pool keeps the broker it was built for; dropped, as Celery does after a fork, so the
    # next send goes to the broker now configured.
    app._pool = None
    app.amqp._producer_pool = None


def wait_until(condition, *, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not reached in {timeout} s")
