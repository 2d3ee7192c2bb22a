"""The lockout answer of a refused sign-in (AXES_LOCKOUT_CALLABLE) and the office's page of lockouts."""

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from office.core.errors import require
from office.core.refusals import redirect_on_refusal
from office.lockouts import services
from office.lockouts.permissions import can_unlock_sign_ins
from office.lockouts.selectors import locked_until, lockouts_seen_by

LOCKOUT_STATUS = 429
UNLOCK_REFUSAL = "Chỉ lãnh đạo phòng được xem và mở khóa đăng nhập."


def lockout_message(username: str, until) -> str:
    if until is None:
        return "Đăng nhập tạm bị khóa do nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau ít phút."
    local = timezone.localtime(until)
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return (
        f"Tài khoản “{username}” tạm bị khóa do nhập sai mật khẩu quá nhiều lần. "
        f"Vui lòng thử lại sau {date_format(local, 'H:i')} ngày {date_format(local, 'd/m/Y')} "
        f"(khoảng {minutes} phút nữa), hoặc nhờ lãnh đạo phòng giáo dục mở khóa sớm."
    )


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def lockout_response(request, original_response=None, credentials=None):
    """A sign-in refused because the user name is locked out: the sign-in page again (or JSON for an
    API caller) with status 429 and, in Vietnamese, the time when one may try again."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    message = lockout_message(username, until)
    if _wants_json(request):
        data = {"detail": message, "locked_until": until.isoformat() if until else None}
        return JsonResponse(data, status=LOCKOUT_STATUS, json_dumps_params={"ensure_ascii": False})
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "lockout_message": message,
        "next": request.POST.get("next", ""),
    }
    response = render(request, "accounts/login.html", context, status=LOCKOUT_STATUS)
    if until is not None:
        response["Retry-After"] = str(max(1, int((until - timezone.now()).total_seconds())))
    return response


def _office_administrator_only(request):
    if getattr(request, "school", None) is not None:
        raise Http404("Không tìm thấy trang.")
    require(can_unlock_sign_ins(request.user), UNLOCK_REFUSAL)


def lockout_list(request):
    _office_administrator_only(request)
    context = {
        "lockouts": lockouts_seen_by(request.user),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username_limit": settings.TDKT_USERNAME_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "lockouts/list.html", context)


@require_POST
@redirect_on_refusal("lockouts:list")
def unlock(request):
    _office_administrator_only(request)
    username = request.POST.get("username", "").strip()
    address = request.POST.get("address", "").strip() or None
    services.unlock_sign_in(request.user, username=username, address=address)
    where = f" từ địa chỉ {address}" if address else ""
    messages.success(request, f"Đã mở khóa đăng nhập cho tài khoản “{username}”{where}.")
    return redirect("lockouts:list")
