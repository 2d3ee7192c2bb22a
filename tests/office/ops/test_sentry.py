"""Sentry is set up only when SENTRY_DSN is given; then errors reach the DSN's server (here a small
HTTP server on loopback standing in for Sentry)."""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

from tests.conftest import REPO_DIR, process_env

DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress, "identity": bytes}

PROBE = """
import django, sentry_sdk
django.setup()
print("active" if sentry_sdk.get_client().is_active() else "inactive")
sentry_sdk.capture_message("Thử gửi lỗi tới Sentry")
sentry_sdk.flush(10)
"""


def run_probe(**env):
    base = process_env(**env)
    if "SENTRY_DSN" not in env:
        base.pop("SENTRY_DSN", None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO_DIR, env=base, capture_output=True, text=True, timeout=60
    )


def test_without_a_dsn_nothing_is_set_up():
    result = run_probe()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "inactive"


def test_with_a_dsn_an_event_reaches_the_server():
    received = []

    class Envelopes(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            decompress = DECOMPRESS[self.headers.get("Content-Encoding", "identity")]
            received.append((self.path, decompress(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        result = run_probe(
            SENTRY_DSN=f"http://khoacongkhai@127.0.0.1:{port}/42", SENTRY_ENVIRONMENT="thu-nghiem"
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "active"
    assert [path for path, _ in received] == ["/api/42/envelope/"]
    parts = [json.loads(line) for line in received[0][1].decode().splitlines() if line.strip()]
    (event,) = [part for part in parts if "environment" in part]
    assert event["environment"] == "thu-nghiem"
    assert (
        event.get("message") == "Thử gửi lỗi tới Sentry"
        or event["logentry"]["message"] == "Thử gửi lỗi tới Sentry"
    )
