"""Refusals on pages, translated once: a service's Refused becomes the 403 page, its Unavailable a 503
with the service's message (storage away), its Invalid a 400 (an
alert for an HTMX swap into #htmx-errors, a page with the message otherwise) unless the view says where
to go back to with `redirect_on_refusal`, which puts the message on that page instead."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html

from office.core.errors import Invalid, Refused, Unavailable
from office.core.outages import RETRY_AFTER_SECONDS


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused | Invalid | Unavailable):
            return None
        status = exception.status_code
        if _is_htmx(request):
            # base.html swaps a 400 into #htmx-errors: the message shows as an alert where it is read.
            alert = format_html('<div class="alert alert-danger" role="alert">{}</div>', exception.message)
            return HttpResponse(alert, status=status)
        if isinstance(exception, Refused):
            return render(request, "403.html", {"exception": exception.message}, status=status)
        if isinstance(exception, Unavailable):
            # Storage or the queue away, the database still here: the page with its menus, and a hint
            # to try again shortly.
            response = render(request, "core/refused.html", {"message": exception.message}, status=status)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return render(request, "core/refused.html", {"message": exception.message}, status=status)


def redirect_on_refusal(url_name: str | Callable, *kwarg_names: str, **fixed) -> Callable:
    """A page action refused by its service goes back to `url_name` (built from the view's own URL
    arguments named in `kwarg_names`) with the service's message shown there; `url_name` may instead
    be a function of (request, **view kwargs) giving the address, for a page whose filters travel in
    the form. HTMX requests and Refused (403) are left to RefusalMiddleware."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Invalid as exc:
                if _is_htmx(request):
                    raise
                messages.error(request, exc.message)
                if callable(url_name):
                    return redirect(url_name(request, **kwargs))
                return redirect(url_name, **{name: kwargs[name] for name in kwarg_names}, **fixed)

        return wrapped

    return decorate
