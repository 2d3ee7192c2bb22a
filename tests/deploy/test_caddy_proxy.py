"""The real Caddy with deploy/caddy/Caddyfile in front of gunicorn in production mode, spoken to over
HTTPS as a browser would (school and office hosts resolved to 127.0.0.1)."""

import gzip
import json
import re
import ssl
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.deploy.conftest import METRICS_TOKEN, https_get

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ASSET_RE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
HASHED_RE = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
LOGIN = "/tai-khoan/dang-nhap/"


def get_page(caddy, host, path=LOGIN, encoding="gzip"):
    status, headers, body = https_get(caddy.https_port, host, path, {"Accept-Encoding": encoding})
    return status, headers, body


def test_a_school_host_is_served_over_https_with_compressed_html(world, caddy):
    status, headers, body = get_page(caddy, world.school_a.host)
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    html = gzip.decompress(body).decode()
    assert world.school_a.name in html and world.school_b.name not in html
    # Django knows the request came over HTTPS (X-Forwarded-Proto from Caddy): no redirect, HSTS sent.
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "Secure" in headers["set-cookie"]
    assert "script-src 'self'" in headers["content-security-policy"]
    # Caddy gives every request an id; the platform returns the id it logged the request under.
    assert UUID_RE.match(headers["x-request-id"])


def test_the_office_host_is_served_and_html_comes_with_zstd_when_the_browser_offers_it(world, caddy):
    status, headers, body = get_page(caddy, "localhost", encoding="zstd")
    assert status == 200
    assert headers["content-encoding"] == "zstd"
    status, headers, body = get_page(caddy, "localhost")
    html = gzip.decompress(body).decode()
    assert "Phòng GDĐT" in html and world.school_a.name not in html


def test_static_files_have_hashed_names_come_compressed_and_are_cached_as_immutable(
    world, caddy, production_web
):
    status, headers, body = get_page(caddy, world.school_a.host)
    assets = ASSET_RE.findall(gzip.decompress(body).decode())
    assert len(assets) >= 5
    # The sign-in page loads Bootstrap, its icons, htmx and the platform's own files; not Chart.js.
    assert not [url for url in assets if "chart" in url]
    for url in assets:
        assert HASHED_RE.search(url), url
        status, headers, body = https_get(
            caddy.https_port, world.school_a.host, url, {"Accept-Encoding": "gzip"}
        )
        assert status == 200, url
        assert headers["content-encoding"] == "gzip", url
        assert headers["cache-control"] == "public, max-age=31536000, immutable", url
        original = (production_web.static_root / url.removeprefix("/static/")).read_bytes()
        assert gzip.decompress(body) == original
        assert len(body) < len(original)


def test_the_object_storage_host_reaches_the_s3_server_not_the_platform(world, caddy):
    """Browsers upload evidence to files.<domain> (S3_ENDPOINT_URL); the proxy hands it to the store."""
    status, _headers, body = https_get(caddy.https_port, "files.localhost", "/")
    # The S3 server answers in its own XML (here it reads the host's first label as a bucket name,
    # as S3's virtual-hosted style does, and has no bucket "files"); the platform would answer HTML.
    assert body.startswith(b"<?xml") and b"<Error>" in body and b"NoSuchBucket" in body, (status, body[:300])
    assert status == 404


def test_an_unknown_school_host_gets_the_platform_not_found_page(world, caddy):
    status, _, body = get_page(caddy, "khongco.localhost", path="/")
    assert status == 404
    assert "Không tìm thấy trường" in gzip.decompress(body).decode()


def test_probes_metrics_and_the_tls_question_are_not_served_to_the_public(world, caddy, production_web):
    for path in ("/metrics", "/readyz", "/livez", "/tls-ask?domain=localhost"):
        assert get_page(caddy, "localhost", path=path)[0] == 404, path
    # On the inside (gunicorn's own port), any host name will do for the probes.
    with urllib.request.urlopen(f"http://127.0.0.1:{production_web.port}/readyz") as response:
        assert json.load(response)["status"] == "ok"


def test_a_request_body_over_the_limit_is_refused_by_the_proxy(world, caddy):
    status, _, body = https_get(
        caddy.https_port,
        world.school_a.host,
        LOGIN,
        {"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        body=b"x" * (2 * 1000 * 1000),
    )
    assert status == 413
    assert "quá lớn" in body.decode()


def test_metrics_add_up_every_gunicorn_worker_and_refuse_anonymous_scrapers(world, caddy, production_web):
    for _ in range(6):
        assert get_page(caddy, world.school_a.host)[0] == 200
    url = f"http://127.0.0.1:{production_web.port}/metrics"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url)
    assert refused.value.code == 401
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - http to our own server
        text = response.read().decode()
    served = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("tdkt_http_requests_total{")
        and 'view="accounts:login"' in line
        and 'status="200"' in line
    ]
    assert served and sum(float(value) for value in served) >= 6
    assert re.search(r'^tdkt_celery_queue_length\{queue="[^"]+"\} \d', text, re.M)


def test_logs_are_json_lines_with_the_proxy_request_id_and_the_school(world, caddy, production_web):
    headers = get_page(caddy, world.school_a.host)[1]
    request_id = headers["x-request-id"]
    lines = [json.loads(line) for line in production_web.log.read_text().splitlines() if request_id in line]
    assert lines, "no log line carries the request id"
    entry = lines[-1]
    assert entry["request_id"] == request_id
    assert entry["school"] == world.school_a.code
    assert entry["status"] == 200 and entry["view"] == "accounts:login"


def test_with_on_demand_tls_only_the_platform_hosts_get_a_certificate(world, caddy_on_demand):
    for host in (world.school_a.host, "localhost"):
        assert get_page(caddy_on_demand, host)[0] == 200
    with pytest.raises(ssl.SSLError):
        get_page(caddy_on_demand, "khongco.localhost", path="/")


@pytest.mark.e2e
def test_a_principal_signs_in_through_the_proxy_and_the_page_breaks_no_policy(
    world, caddy, production_web, proxy_page
):
    page = proxy_page
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    encodings = {}
    page.on(
        "response",
        lambda response: encodings.__setitem__(response.url, response.headers.get("content-encoding")),
    )
    base = f"https://{world.school_a.host}:{caddy.https_port}"
    page.goto(base + LOGIN)
    page.get_by_label("Tên đăng nhập").fill("hieutruong.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("[data-testid=school-home-title]")
    assert page.inner_text("[data-testid=school-home-title]") == world.school_a.name
    assert violations == []
    static = {
        url: encoding
        for url, encoding in encodings.items()
        if "/static/" in url and urlsplit(url).path.endswith((".css", ".js"))
    }
    assert static and all(encoding in {"br", "gzip", "zstd"} for encoding in static.values()), static
    # The signed-in request is logged with the user's id and the school.
    entries = [
        json.loads(line) for line in production_web.log.read_text().splitlines() if line.startswith("{")
    ]
    assert any(
        entry.get("user_id") == world.principal_a.pk and entry.get("school") == world.school_a.code
        for entry in entries
    )


def test_the_client_address_is_the_one_caddy_saw_not_one_the_client_wrote(world, caddy, production_web):
    """Failed sign-ins are counted against this address (office.ops.client_address, django-axes):
    Caddy replaces a client's own X-Forwarded-For, so a client cannot choose it."""
    headers = https_get(
        caddy.https_port,
        world.school_a.host,
        LOGIN,
        {"X-Forwarded-For": "6.6.6.6", "Accept-Encoding": "gzip"},
    )[1]
    request_id = headers["x-request-id"]
    (entry,) = [
        json.loads(line)
        for line in production_web.log.read_text().splitlines()
        if request_id in line and '"office.requests"' in line
    ]
    assert entry["client"] == "127.0.0.1"
