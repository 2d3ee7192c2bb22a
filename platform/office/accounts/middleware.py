from django.shortcuts import redirect

from office.core.middleware import is_api_view

# Where a person who must change their password may still go: the change page and signing out.
ALLOWED_URL_NAMES = {"password-change", "logout"}


class ForcePasswordChangeMiddleware:
    """A person whose password a manager set is sent to the change page from every page until they
    choose their own (the API refuses them in office.accounts.authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        if is_api_view(view_func):
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "accounts" and match.url_name in ALLOWED_URL_NAMES:
            return None
        return redirect("accounts:password-change")
