"""Endpoints for machines: the orchestrator's probes, Prometheus and the proxy. Served on any host by
office.ops.middleware.OperationsEndpointsMiddleware, so none of them needs a login or a known host."""

import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from office.core.health import service_states
from office.ops.metrics import render_metrics
from tenants.selectors import is_school_host


@require_GET
def livez(request):
    """The process is up and answers: no database, no Redis. A failure here means restart it."""
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request):
    """The process can serve: PostgreSQL, Redis and object storage answer. A failure here means send
    it no traffic for now (a restart would not help)."""
    states = service_states()
    down = [name for name, state in states.items() if not state["ok"]]
    body = {"status": "error" if down else "ok", "services": states}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


@require_GET
def metrics(request):
    """Prometheus exposition, for a scraper holding TDKT_METRICS_TOKEN as a bearer token. Without a
    token configured the endpoint is closed."""
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        response = HttpResponse(
            "Cần mã truy cập (Authorization: Bearer …) để xem số liệu giám sát.",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = render_metrics()
    return HttpResponse(body, content_type=content_type)


def _files_host() -> str:
    """The host browsers upload evidence to (S3_ENDPOINT_URL), when the platform has one."""
    return (urlsplit(settings.S3_ENDPOINT_URL or "").hostname or "").lower()


@require_GET
def tls_ask(request):
    """Caddy's on-demand TLS question (`?domain=<host>`): 200 if the host is the office's or an
    existing school's, so that a certificate is obtained only for real names."""
    domain = (request.GET.get("domain") or "").strip().lower().rstrip(".")
    if domain and (domain in settings.OFFICE_HOSTS or domain == _files_host() or is_school_host(domain)):
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    return HttpResponse(
        "Không phải tên miền của nền tảng.", status=404, content_type="text/plain; charset=utf-8"
    )
