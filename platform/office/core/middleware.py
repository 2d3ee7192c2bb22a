from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from office.accounts.selectors import has_school_membership


class SchoolRoutingMiddleware(TenantMainMiddleware):
    """Routes a request by its host: the office hosts to the public schema and the office's URLs,
    `<code>.<base domain>` to that school's schema and the school URLs, anything else to a 404 page.

    The office is not a row of the tenant table but the public schema itself, so `request.school`
    is a real School on a school's host and None on the office's.

    Which schools exist is not hidden (README, "Đăng nhập, khóa đăng nhập…"): an unknown host gets a
    404 page and a real school sends an anonymous visitor to its login page, which names the school.
    The school list is public anyway, and with on-demand TLS (the default) an unknown name already
    fails the TLS handshake before reaching here while every school's name is in the public Certificate
    Transparency logs; answering alike would hide nothing and take the school's name off its login
    page. What is kept from outsiders is everything inside a school (SchoolMembershipMiddleware)."""

    def process_request(self, request):
        connection.set_schema_to_public()
        request.school = None
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return render(request, "core/unknown_host.html", {"hostname": ""}, status=404)
        if hostname in settings.OFFICE_HOSTS:
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None
        response = super().process_request(request)
        if response is None:
            request.school = request.tenant
        return response

    def no_tenant_found(self, request, hostname):
        return render(request, "core/unknown_host.html", {"hostname": hostname}, status=404)


def is_api_view(view_func) -> bool:
    # DRF's as_view() marks its views with `cls`; they authenticate (session or token) and check
    # permissions themselves, through REST_FRAMEWORK's default permission class.
    return getattr(view_func, "cls", None) is not None


class PageLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless its view says `login_not_required`; API views are left to DRF."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_api_view(view_func):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SchoolMembershipMiddleware:
    """Default-deny on a school's host: every page that needs a login also needs a membership in
    this school, and a non-member gets the same 404 as a missing page, so a school's existence and
    content are not revealed. API views check the same rule in their permission class, because
    token authentication happens inside DRF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        school = getattr(request, "school", None)
        if school is None or not getattr(view_func, "login_required", True):
            return None
        if is_api_view(view_func):
            return None
        user = request.user
        if user.is_authenticated and not has_school_membership(user, school):
            raise Http404("Không tìm thấy trang.")
        return None


# C0 control characters other than tab and line breaks: no form field or filter of the platform takes
# them, and PostgreSQL refuses a NUL in text, which would otherwise surface as a server error.
_FORBIDDEN_IN_QUERY = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}
# The longest parameter a page of the platform sends itself is a `next` address or a signed token (a few
# hundred characters); anything far longer is not a filter, and a search for it would only load the database.
MAX_QUERY_VALUE_LENGTH = 2000
QUERY_REFUSAL = "Địa chỉ có ký tự không hợp lệ (ký tự điều khiển hoặc mã hóa sai) trong tham số; hãy kiểm tra lại đường dẫn."
QUERY_TOO_LONG_REFUSAL = (
    f"Địa chỉ có tham số dài quá {MAX_QUERY_VALUE_LENGTH} ký tự; hãy kiểm tra lại đường dẫn."
)


def _query_is_utf8(query: bytes) -> bool:
    """Django decodes the query leniently (a lone surrogate %ED%A0%80 or an overlong %C0%80 becomes
    U+FFFD), so the raw bytes are checked strictly: what is not valid UTF-8 was not typed by a person."""
    for part in query.split(b"&"):
        try:
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def query_refusal(request) -> str | None:
    """Why the request's query parameters are refused, or None when they are fine."""
    raw = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
    if not raw:
        return None
    if not _query_is_utf8(raw):
        return QUERY_REFUSAL
    for key, values in request.GET.lists():
        for text in (key, *values):
            if not _FORBIDDEN_IN_QUERY.isdisjoint(text):
                return QUERY_REFUSAL
            if len(text) > MAX_QUERY_VALUE_LENGTH:
                return QUERY_TOO_LONG_REFUSAL
    return None


class QueryStringGuardMiddleware:
    """Invalid input in any query parameter (a NUL or another control character, bytes that are not
    UTF-8, a value of thousands of characters) is answered 400 with a Vietnamese message before any
    view reads it, on every page and API of both sites. It runs after the membership check, so a
    non-member of a school still gets that school's 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        refusal = query_refusal(request)
        if refusal is None:
            return None
        if is_api_view(view_func):
            return JsonResponse({"detail": refusal}, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "core/refused.html", {"message": refusal}, status=400)
