"""Refusals on pages, translated once: a service's Refused becomes the 403 page, its Invalid a 400 (a
short text for an HTMX swap, the message on a page otherwise) unless the view says where to go back
to with `redirect_on_refusal`, which puts the message on that page instead."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from office.core.errors import Invalid, Refused


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused | Invalid):
            return None
        status = exception.status_code
        if _is_htmx(request):
            return HttpResponse(exception.message, status=status, content_type="text/plain; charset=utf-8")
        if isinstance(exception, Refused):
            return render(request, "403.html", {"exception": exception.message}, status=status)
        return render(request, "core/refused.html", {"message": exception.message}, status=status)


def redirect_on_refusal(url_name: str, *kwarg_names: str, **fixed) -> Callable:
    """A page action refused by its service goes back to `url_name` (built from the view's own URL
    arguments named in `kwarg_names`) with the service's message shown there. HTMX requests and
    Refused (403) are left to RefusalMiddleware."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Invalid as exc:
                if _is_htmx(request):
                    raise
                messages.error(request, exc.message)
                return redirect(url_name, **{name: kwargs[name] for name in kwarg_names}, **fixed)

        return wrapped

    return decorate
