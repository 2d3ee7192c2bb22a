"""The platform as production runs it: static files collected with hashed names and compressed
copies, gunicorn in production mode (TDKT_ENV=production) over the test database, and the real Caddy
with the project's Caddyfile in front, each on free loopback ports and stopped after the tests."""

import http.client
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import LIVE_SERVER_QUEUE, REPO_DIR, free_port, process_env, wait_for_port
from tests.e2e.conftest import world  # noqa: F401 - committed rows, seen by the server's processes

CADDYFILE = REPO_DIR / "deploy" / "caddy" / "Caddyfile"
# Named after the pytest process, not random: this module is imported twice (as `conftest` by pytest
# and as `tests.deploy.conftest` by the tests) and both copies must agree.
METRICS_TOKEN = f"test-metrics-token-{os.getpid()}"
MAX_BODY = "1MB"
GUNICORN = [sys.executable, "-m", "gunicorn", "office.wsgi", "-c", "deploy/gunicorn.conf.py"]


def production_env(static_root: Path, **extra) -> dict:
    env = process_env(
        TDKT_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="localhost,.localhost",
        TDKT_BASE_DOMAIN="localhost",
        DJANGO_STATIC_ROOT=static_root,
        TDKT_METRICS_TOKEN=METRICS_TOKEN,
        CELERY_QUEUE=LIVE_SERVER_QUEUE,
        **extra,
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' own process only
    return env


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """What `manage.py collectstatic` writes in production mode."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO_DIR,
        env=production_env(root),
        check=True,
    )
    return root


@dataclass
class ProductionWeb:
    port: int
    log: Path
    static_root: Path


@pytest.fixture(scope="session")
def production_web(django_db_setup, production_static_root, tmp_path_factory):
    """gunicorn with deploy/gunicorn.conf.py, two workers adding up their metrics (multiprocess mode),
    logging JSON to a file the tests read."""
    folder = tmp_path_factory.mktemp("web")
    (folder / "prometheus").mkdir()
    port = free_port()
    log_path = folder / "web.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO_DIR,
        env=production_env(production_static_root, PROMETHEUS_MULTIPROC_DIR=folder / "prometheus"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield ProductionWeb(port, log_path, production_static_root)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@dataclass
class Caddy:
    https_port: int
    http_port: int
    log: Path


def start_caddy(web: ProductionWeb, folder: Path, tls: str, files_upstream: str = "127.0.0.1:9"):
    if shutil.which("caddy") is None:
        pytest.fail("Caddy is not installed: `make install-system` installs Debian's caddy.")
    https_port, http_port = free_port(), free_port()
    log_path = folder / "caddy.log"
    log = open(log_path, "w")
    env = {
        "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
        # Caddy's certificates, keys and autosave go here, not to the machine's own folders.
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "TDKT_BASE_DOMAIN": "localhost",
        "TDKT_UPSTREAM": f"127.0.0.1:{web.port}",
        "TDKT_STATIC_ROOT": str(web.static_root),
        "TDKT_TLS": tls,
        "TDKT_HTTPS_PORT": str(https_port),
        "TDKT_HTTP_PORT": str(http_port),
        "TDKT_CADDY_ADMIN": "off",
        "TDKT_MAX_BODY": MAX_BODY,
        "TDKT_FILES_UPSTREAM": files_upstream,
    }
    process = subprocess.Popen(
        ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(https_port)
    except RuntimeError:
        process.terminate()
        log.close()
        raise RuntimeError(log_path.read_text()) from None
    return process, log, Caddy(https_port, http_port, log_path)


def stop(process, log) -> None:
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def caddy(production_web, s3_server, tmp_path_factory):
    """Caddy with its own CA's wildcard certificate for localhost and *.localhost (TDKT_TLS=internal),
    files.localhost in front of the S3-compatible test server."""
    process, log, proxy = start_caddy(
        production_web,
        tmp_path_factory.mktemp("caddy"),
        "internal",
        files_upstream=s3_server.removeprefix("http://"),
    )
    yield proxy
    stop(process, log)


@pytest.fixture
def caddy_on_demand(production_web, tmp_path):
    """Caddy asking the platform before it makes a certificate for a host (TDKT_TLS=internal-on-demand)."""
    process, log, proxy = start_caddy(production_web, tmp_path, "internal-on-demand")
    yield proxy
    stop(process, log)


class LoopbackHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 under another host's name (SNI and Host), as a browser that resolved it
    there would; the certificate (Caddy's own CA) is not checked."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def https_get(port: int, host: str, path: str, headers: dict | None = None, method="GET", body=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = LoopbackHTTPSConnection(host, port, context=context, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture
def proxy_page(browser):
    """A browser tab that accepts the certificate of Caddy's own CA."""
    context = browser.new_context(locale="vi-VN", ignore_https_errors=True)
    yield context.new_page()
    context.close()
