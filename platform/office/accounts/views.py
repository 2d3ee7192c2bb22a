from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from office.accounts.handoff import make_handoff_token, redeem_handoff_token
from office.accounts.models import User
from office.accounts.selectors import has_school_membership, schools_of_user
from tenants.selectors import school_url


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def open_school(request, code):
    """On the office's host: send the person to one of their schools, already signed in."""
    school = get_object_or_404(schools_of_user(request.user), code=code)
    token = make_handoff_token(request.user, school)
    return redirect(school_url(school, request, f"/tai-khoan/chuyen-tiep/?token={token}"))


@login_not_required
def accept_handoff(request):
    """On a school's host: sign in the person the office vouched for, if they belong here."""
    if request.school is None:
        raise Http404
    user_id = redeem_handoff_token(request.GET.get("token", ""), request.school)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not has_school_membership(user, request.school):
        messages.error(request, "Liên kết đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.")
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("home")
