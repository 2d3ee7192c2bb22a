"""The "Khóa truy cập API" page, on every host: a person's own tokens only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from office.core.refusals import redirect_on_refusal
from office.tokens import services
from office.tokens.selectors import token_of, tokens_of


def token_list(request):
    context = {
        "tokens": tokens_of(request.user),
        "validity_choices": services.VALIDITY_CHOICES,
        "default_validity": services.DEFAULT_VALIDITY_DAYS,
        "new_secret": request.session.pop("new_api_token", None),
    }
    return render(request, "tokens/list.html", context)


@require_POST
@redirect_on_refusal("tokens:list")
def token_create(request):
    try:
        valid_days = int(request.POST.get("valid_days", services.DEFAULT_VALIDITY_DAYS))
    except ValueError:
        valid_days = 0
    token, secret = services.create_token(
        request.user, label=request.POST.get("label", ""), valid_days=valid_days
    )
    # Shown once, on the page the browser is sent to next; the session forgets it when it is read.
    request.session["new_api_token"] = {"label": token.label, "secret": secret}
    return redirect("tokens:list")


@require_POST
def token_revoke(request, uid):
    token = token_of(request.user, uid)
    if token is None:
        raise Http404("Không tìm thấy khóa.")
    services.revoke_token(request.user, token)
    messages.success(request, f"Đã thu hồi khóa “{token.label}”: khóa này không dùng được nữa.")
    return redirect("tokens:list")
