"""The page where an invited person accepts, on the host of the school (or the office) the invitation
belongs to: found by the link's token or the printed short code, it sets a password for a new account
or gives the role to the account the person already has, then signs them in. The school's host adds
its own step (tying the account to the register) through `on_accepted`, inside the same transaction.

A forged, used, revoked, expired or foreign link or code answers a clear page and creates nothing;
wrong codes are counted per address so that codes cannot be tried one after another."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render

from office.core.errors import Invalid
from office.invitations import services
from office.invitations.selectors import account_for_invitation, invitation_for_code, invitation_for_token

CODE_ATTEMPTS = 10
CODE_WINDOW_SECONDS = 15 * 60
TOO_MANY_ATTEMPTS = (
    "Bạn đã nhập sai mã quá nhiều lần. Hãy thử lại sau 15 phút hoặc dùng liên kết trong thư mời."
)


def _attempts_key(request) -> str:
    return f"invitation-code-attempts:{request.get_host()}:{request.META.get('REMOTE_ADDR', '')}"


def _code_blocked(request) -> bool:
    return (cache.get(_attempts_key(request)) or 0) >= CODE_ATTEMPTS


def _count_wrong_code(request) -> None:
    key = _attempts_key(request)
    if not cache.add(key, 1, timeout=CODE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=CODE_WINDOW_SECONDS)


def _unusable(request, message: str, status: int):
    return render(request, "invitations/unusable.html", {"message": message}, status=status)


def accept_page(request, token: str | None = None, *, on_accepted: Callable | None = None):
    school = getattr(request, "school", None)
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip() if token is None else ""
    if token is None and not code:
        return render(request, "invitations/enter_code.html", {})
    if token is None:
        if _code_blocked(request):
            return _unusable(request, TOO_MANY_ATTEMPTS, 429)
        invitation = invitation_for_code(code, school=school)
        if invitation is None:
            _count_wrong_code(request)
            return render(
                request,
                "invitations/enter_code.html",
                {"error": services.NOT_FOUND_MESSAGE, "code": code},
                status=404,
            )
    else:
        invitation = invitation_for_token(token, school=school)
    try:
        services.check_usable(invitation)
    except services.InvitationUnusable as exc:
        return _unusable(request, exc.message, 404 if invitation is None else 410)

    existing = account_for_invitation(invitation)
    context = {
        "invitation": invitation,
        "code": code,
        "existing": existing,
        "suggested_username": services.suggested_username(invitation) if existing is None else "",
    }
    if request.method != "POST":
        return render(request, "invitations/accept.html", context)
    try:
        with transaction.atomic():
            account = _accept(request, invitation)
            if on_accepted is not None:
                on_accepted(invitation, account)
    except Invalid as exc:
        context.update(error=exc.message, username=request.POST.get("username", ""))
        return render(request, "invitations/accept.html", context, status=400)
    login(request, account, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        f"Chào mừng {account.get_full_name()}! Bạn đã tham gia {invitation.place} với vai trò {invitation.get_role_display()}.",
    )
    return redirect("home")


def _accept(request, invitation):
    action = request.POST.get("action")
    if action == "current":
        if not request.user.is_authenticated:
            raise Invalid("Phiên đăng nhập đã hết, hãy đăng nhập lại hoặc tạo tài khoản.")
        return services.accept_as(invitation, account=request.user)
    if action == "existing":
        account = authenticate(
            request, username=request.POST.get("username", ""), password=request.POST.get("password", "")
        )
        if account is None:
            raise Invalid("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.")
        return services.accept_as(invitation, account=account)
    return services.accept_with_new_account(
        invitation,
        username=request.POST.get("username", ""),
        password=request.POST.get("password1", ""),
        password2=request.POST.get("password2", ""),
    )
