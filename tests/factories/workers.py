"""A real Celery worker process on a private queue of a Redis broker database of the tests' own, and
waiting for what it does (the decision delivery's crash and sweep tests, the import jobs)."""

import subprocess
import sys
import time
from contextlib import contextmanager, suppress

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
    from kombu import pools

    # kombu keeps one producer pool per broker address in a registry of its own, which the app's
    # producer pool comes from: closed and cleared with the app's, or a later send to the same
    # address would take a closed pool ("Acquire on closed pool").
    with suppress(Exception):  # a pool whose broker is gone: it is dropped all the same
        pools.reset()
    if app._pool is not None:
        with suppress(Exception):
            app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def tasks_sent_to(queue: str, broker: str = BROKER):
    """This process's Celery app sends to `queue` of `broker` (where a started worker listens) inside the
    block, and to what it sent to before afterwards, the queue purged (when the broker still answers:
    the outage tests stop theirs)."""
    from kombu import Queue

    from office.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue)
    _drop_broker_connections(app)
    app.conf.broker_url = app.conf.result_backend = broker
    app.conf.task_default_queue = queue
    try:
        yield app
    finally:
        with suppress(Exception), app.connection_for_write(broker) as connection:
            Queue(queue, channel=connection.default_channel).purge()
        _drop_broker_connections(app)
        app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = saved
