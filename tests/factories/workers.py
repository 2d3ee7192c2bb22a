"""A real Celery worker process on a private queue of a Redis broker database of the tests' own, and
waiting for what it does (the decision delivery's crash and sweep tests)."""

import subprocess
import sys
import time

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
