import logging
import time

from django.conf import settings
from django.urls import Resolver404, resolve

from office.ops import metrics
from office.ops.client_address import client_address
from office.ops.request_context import current_request, request_id_from

request_log = logging.getLogger("office.requests")

OPS_URLCONF = "office.ops.urls"


def _view_label(request, response) -> str:
    """A bounded label for metrics: the URL name of the view, or what answered instead of one."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    if getattr(request, "ops_endpoint", None):
        return request.ops_endpoint
    if response.status_code == 404:
        return "not_found"
    return "unresolved"


class RequestObservabilityMiddleware:
    """Gives each request an id (the proxy's X-Request-ID, or a new one), returned in the response;
    counts it, times it and its SQL queries for /metrics; and writes one log line when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get("X-Request-ID"))
        token = current_request.set(request)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            from django.db import connection

            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            elapsed = time.perf_counter() - started
            view = _view_label(request, response)
            metrics.HTTP_REQUESTS.labels(view, request.method, str(response.status_code)).inc()
            metrics.HTTP_LATENCY.labels(view).observe(elapsed)
            metrics.DB_QUERIES.labels(view).inc(counter.count)
            metrics.DB_QUERIES_PER_REQUEST.labels(view).observe(counter.count)
            response["X-Request-ID"] = request.request_id
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "view": view,
                    "duration_ms": round(elapsed * 1000, 1),
                    "db_queries": counter.count,
                    # The same address failed sign-ins are counted against (django-axes).
                    "client": client_address(request),
                },
            )
            return response
        finally:
            current_request.reset(token)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            metrics.DB_QUERY_LATENCY.observe(time.perf_counter() - started)


class OperationsEndpointsMiddleware:
    """Answers the paths of office.ops.urls (/livez, /readyz, /metrics, /tls-ask) on any host, before
    the host is checked against ALLOWED_HOSTS or routed to a school: probes and the proxy ask under
    internal names. The proxy does not pass these paths through from the public (Caddyfile)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            match = resolve(request.path_info, urlconf=OPS_URLCONF)
        except Resolver404:
            return self.get_response(request)
        request.ops_endpoint = match.url_name
        return match.func(request, *match.args, **match.kwargs)
