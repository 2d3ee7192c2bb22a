"""gunicorn as deploy/gunicorn.conf.py sets it up (threaded workers).

It does not cut a response that streams for longer than its `timeout`: the evidence ZIP of many
dossiers and big Excel exports stream for minutes. The timeout is set to 2 s here and the body takes
6 s, so the test does not wait a minute; with the sync workers of the configuration used before, the
same stream is cut (the second test), which is what the first guards.

It does not close a kept-alive connection before its client does: a request the client sends on it
just then is lost (bench/load.py found those)."""

import http.client
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO_DIR, free_port, wait_for_port

TIMEOUT = 2  # seconds, gunicorn's `timeout` in these tests
CHUNKS, PAUSE = 12, 0.5  # the body streams for 6 s, three times the timeout
IDLE = 4  # seconds between two requests on one connection: past gunicorn's own default keep-alive (2 s)
EXPECTED = CHUNKS * 1024


def serve(tmp_path, chunks=CHUNKS, pause=PAUSE, **env):
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "slow_stream_app:application",
            "-c",
            str(REPO_DIR / "deploy" / "gunicorn.conf.py"),
            "--pythonpath",
            str(REPO_DIR / "tests" / "deploy"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=REPO_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "GUNICORN_TIMEOUT": str(TIMEOUT),
            "SLOW_STREAM_CHUNKS": str(chunks),
            "SLOW_STREAM_PAUSE": str(pause),
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port)
    return process, port, log


def get(connection) -> bytes:
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200
    return response.read()


def download(port) -> tuple[int, float]:
    """Bytes of the body received before the stream ended, and how long it took."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.monotonic()
    received = 0
    try:
        connection.request("GET", "/minh-chung.zip")
        response = connection.getresponse()
        assert response.status == 200
        while chunk := response.read1(65536):
            received += len(chunk)
    except (http.client.IncompleteRead, ConnectionError) as exc:
        received += len(getattr(exc, "partial", b""))
    finally:
        connection.close()
    return received, time.monotonic() - started


@pytest.fixture
def server(tmp_path):
    started = []

    def start(**env):
        process, port, log = serve(tmp_path, **env)
        started.append((process, log))
        return port

    yield start
    for process, log in started:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_a_download_streaming_longer_than_the_timeout_arrives_whole(server, tmp_path):
    port = server()
    received, seconds = download(port)
    assert seconds > 2 * TIMEOUT  # it did stream past the timeout
    assert received == EXPECTED
    assert "WORKER TIMEOUT" not in (tmp_path / "gunicorn.log").read_text()
    assert "Using worker: gthread" in (tmp_path / "gunicorn.log").read_text()


def test_with_sync_workers_the_same_download_is_cut_at_the_timeout(server, tmp_path):
    # (gunicorn replaces sync by gthread when threads > 1: the configuration's threads go back to 1.)
    port = server(GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="1")
    received, _ = download(port)
    assert received < EXPECTED
    assert "Using worker: sync" in (tmp_path / "gunicorn.log").read_text()
    assert "WORKER TIMEOUT" in (tmp_path / "gunicorn.log").read_text()


def test_a_kept_alive_connection_is_still_served_after_the_client_paused(server):
    """Caddy reuses its idle connections to gunicorn for up to 2 minutes; a browser does as well."""
    port = server(chunks=1, pause=0)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        assert len(get(connection)) == 1024
        time.sleep(IDLE)
        assert len(get(connection)) == 1024
    finally:
        connection.close()


def test_with_gunicorns_own_keep_alive_the_paused_connection_is_gone(server):
    port = server(chunks=1, pause=0, GUNICORN_KEEPALIVE="2")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        get(connection)
        time.sleep(IDLE)
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            get(connection)
    finally:
        connection.close()
