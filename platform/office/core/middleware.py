from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import DisallowedHost
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
    is a real School on a school's host and None on the office's."""

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
QUERY_REFUSAL = "Địa chỉ có ký tự không hợp lệ (ký tự điều khiển) trong tham số; hãy kiểm tra lại đường dẫn."


def _query_is_clean(request) -> bool:
    for key, values in request.GET.lists():
        for text in (key, *values):
            if not _FORBIDDEN_IN_QUERY.isdisjoint(text):
                return False
    return True


class QueryStringGuardMiddleware:
    """Invalid input in any query parameter (a NUL, other control characters) is answered 400 with a
    Vietnamese message before any view reads it, on every page and API of both sites. It runs after
    the membership check, so a non-member of a school still gets that school's 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _query_is_clean(request):
            return None
        if is_api_view(view_func):
            return JsonResponse(
                {"detail": QUERY_REFUSAL}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        return render(request, "core/refused.html", {"message": QUERY_REFUSAL}, status=400)
