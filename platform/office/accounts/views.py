from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from office.accounts import services
from office.accounts.handoff import make_handoff_token, redeem_handoff_token
from office.accounts.models import (
    OFFICE_ROLES,
    PRINCIPAL_ASSIGNED_ROLES,
    SCHOOL_ROLES,
    Membership,
    Role,
    User,
)
from office.accounts.permissions import (
    SEE_ACCOUNT_LOG_REFUSAL,
    can_assign_office_role,
    can_manage_account,
    can_manage_school_people,
    can_see_account_log,
    office_reach_ids,
    oversees_school,
)
from office.accounts.selectors import (
    account_log_page,
    has_school_membership,
    membership_in_force,
    people_of_offices,
    people_of_school,
    principals_of_schools,
    schools_of_user,
)
from office.authorities.models import Authority
from office.core.collation import by_name
from office.core.errors import require
from office.core.refusals import redirect_on_refusal
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


# --- Passwords: the person's own change, and Django's reset by e-mail on the host it was asked on ---------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_own_password_change(form.user)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to an account (Django sends mail only to
    active accounts with a usable password). The link in the mail points at the host the request came
    to, so a school's people come back to their school."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_extra_email_context(self):
        school = getattr(self.request, "school", None)
        return {"place_name": school.name if school is not None else "Cơ quan quản lý giáo dục"}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_own_password_change(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- People and their roles: a school's (principal) and an office's (office staff) -----------------------


def _office_reach(request) -> set[int]:
    reach = office_reach_ids(request.user)
    if not reach:
        raise Http404("Không tìm thấy trang.")
    return reach


def _person_here(request, pk) -> User:
    """A person of this school (held a role here, even ended) or of the offices in the user's reach,
    or of a school under them; anybody else is a 404."""
    school = request.school
    if school is not None:
        return get_object_or_404(User.objects.filter(memberships__school=school).distinct(), pk=pk)
    reach = _office_reach(request)
    places = Membership.objects.filter(user_id=pk).values_list("authority_id", "school__authority_id")
    if not any((auth or school_auth) in reach for auth, school_auth in places):
        raise Http404("Không tìm thấy trang.")
    return get_object_or_404(User, pk=pk)


def _require_log_reader(request) -> None:
    if request.school is None:
        _office_reach(request)
    require(can_see_account_log(request.user, request.school), SEE_ACCOUNT_LOG_REFUSAL)


def _offices_led(request) -> list[Authority]:
    """Where the user may give office roles: the offices they head and those below."""
    return list(
        Authority.objects.filter(pk__in=office_reach_ids(request.user, [Role.OFFICE_HEAD])).order_by(
            by_name(), "pk"
        )
    )


def people_list(request):
    """The accounts of a school (its people, with their roles and state) or of an office (its staff
    and the principals of its schools)."""
    _require_log_reader(request)
    school = request.school
    if school is not None:
        context = {
            "people": people_of_school(school),
            "may_manage": can_manage_school_people(request.user, school),
        }
    else:
        reach = _office_reach(request)
        context = {
            "people": people_of_offices(reach),
            "principals": principals_of_schools(reach),
            "offices": _offices_led(request),
            "office_roles": [(r, Role(r).label) for r in OFFICE_ROLES],
        }
    return render(request, "accounts/people_list.html", context)


def _person_page(request, person):
    return redirect("accounts:person", pk=person.pk)


def person_page(request, pk):
    _require_log_reader(request)
    person = _person_here(request, pk)
    school = request.school
    if school is not None:
        memberships = list(Membership.objects.filter(user=person, school=school).order_by("-starts_on", "pk"))
        may_manage = can_manage_school_people(request.user, school)
        role_choices = SCHOOL_ROLES if oversees_school(request.user, school) else PRINCIPAL_ASSIGNED_ROLES
    else:
        memberships = list(
            Membership.objects.filter(user=person)
            .select_related("school", "authority")
            .order_by("-starts_on", "pk")
        )
        may_manage = can_manage_account(request.user, person)
        role_choices = OFFICE_ROLES
    for membership in memberships:
        membership.in_force = membership_in_force(membership)
        membership.may_end = membership.in_force and (
            (membership.school_id is not None and can_manage_school_people(request.user, membership.school))
            or (
                membership.authority_id is not None
                and can_assign_office_role(request.user, membership.authority)
            )
        )
    context = {
        "person": person,
        "memberships": memberships,
        "in_force_here": any(m.in_force for m in memberships),
        "may_manage": may_manage and person.pk != request.user.pk,
        "role_choices": [(r, Role(r).label) for r in role_choices],
        "department_head": Role.DEPARTMENT_HEAD,
        "offices": _offices_led(request) if school is None else [],
    }
    return render(request, "accounts/person.html", context)


@require_POST
@redirect_on_refusal("accounts:person", "pk")
def person_set_password(request, pk):
    person = _person_here(request, pk)
    services.set_password_by_manager(
        person, request.POST.get("password", ""), by=request.user, school=request.school
    )
    messages.success(request, f"Đã đặt mật khẩu mới cho {person.get_full_name()}; họ phải đổi khi đăng nhập.")
    return _person_page(request, person)


@require_POST
@redirect_on_refusal("accounts:person", "pk")
def person_deactivate(request, pk):
    person = _person_here(request, pk)
    services.deactivate_person(
        person, by=request.user, reason=request.POST.get("reason", ""), school=request.school
    )
    if request.school is not None and person.is_active:
        messages.success(
            request, f"{person.get_full_name()} đã thôi công tác ở trường; tài khoản vẫn dùng ở nơi khác."
        )
    else:
        messages.success(
            request, f"Đã ngừng tài khoản của {person.get_full_name()}; hồ sơ và lịch sử được giữ lại."
        )
    return _person_page(request, person)


@require_POST
@redirect_on_refusal("accounts:person", "pk")
def person_reactivate(request, pk):
    person = _person_here(request, pk)
    services.reactivate_person(person, by=request.user, school=request.school)
    messages.success(request, f"Đã mở lại tài khoản của {person.get_full_name()}.")
    return _person_page(request, person)


@require_POST
@redirect_on_refusal("accounts:person", "pk")
def person_assign_role(request, pk):
    person = _person_here(request, pk)
    role = request.POST.get("role", "")
    if request.school is not None:
        services.assign_school_role(
            person, request.school, role, by=request.user, unit=request.POST.get("unit", "")
        )
    else:
        authority = get_object_or_404(Authority, pk=request.POST.get("authority") or 0)
        services.assign_office_role(person, authority, role, by=request.user)
    messages.success(request, f"Đã giao vai trò {Role(role).label} cho {person.get_full_name()}.")
    return _person_page(request, person)


def _back_to_people(request, **kwargs):
    return reverse("accounts:people")


@require_POST
@redirect_on_refusal(_back_to_people)
def office_role_add(request):
    """The office head gives an office role to an existing account, named by its username."""
    _office_reach(request)
    person = User.objects.filter(username=request.POST.get("username", "").strip()).first()
    if person is None:
        messages.error(request, "Không có tài khoản với tên đăng nhập này.")
        return redirect("accounts:people")
    authority = get_object_or_404(Authority, pk=request.POST.get("authority") or 0)
    role = request.POST.get("role", "")
    services.assign_office_role(person, authority, role, by=request.user)
    messages.success(request, f"Đã giao vai trò {Role(role).label} cho {person.get_full_name()}.")
    return redirect("accounts:person", pk=person.pk)


def _back_to_membership_person(request, pk):
    membership = Membership.objects.filter(pk=pk).first()
    return reverse("accounts:person", args=[membership.user_id]) if membership else reverse("accounts:people")


@require_POST
@redirect_on_refusal(_back_to_membership_person)
def membership_end(request, pk):
    if request.school is not None:
        membership = get_object_or_404(Membership, pk=pk, school=request.school)
    else:
        reach = _office_reach(request)
        membership = get_object_or_404(Membership, pk=pk, authority_id__in=reach)
    services.end_membership(membership, by=request.user)
    messages.success(
        request, f"{membership.user.get_full_name()} thôi vai trò {membership.get_role_display()}."
    )
    return redirect("accounts:person", pk=membership.user_id)


def account_log(request):
    """Nhật ký tài khoản: who set whose password, who left, came back, got or lost a role."""
    _require_log_reader(request)
    if request.school is not None:
        page = account_log_page(school=request.school, page_number=request.GET.get("trang"))
    else:
        page = account_log_page(authority_ids=_office_reach(request), page_number=request.GET.get("trang"))
    return render(request, "accounts/account_log.html", {"page": page})
