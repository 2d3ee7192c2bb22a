"""The school's invitation pages (school host): invite one person of the register or everyone the
register's filter shows, list what was sent, send again, revoke, print the sheet of QR codes; and the
page where an invited person accepts, which also ties their account to their record of the register.

Who may invite is office.invitations.permissions, checked by its services; an invitation is only ever
found through this host's school."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from office.accounts.models import Role
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.invitations import services as invitation_services
from office.invitations.acceptance import accept_page
from office.invitations.models import Invitation
from office.invitations.pages import print_chosen, revoke_and_say, send_and_say
from office.invitations.permissions import school_roles_grantable
from office.invitations.selectors import invitations_in_state, invitations_of_school
from plans.staff import services as people_services
from plans.staff.forms import InviteForm
from plans.staff.models import Staff
from plans.staff.permissions import MANAGE_STAFF_REFUSAL, can_manage_staff
from plans.staff.selectors import filtered_staff, staff_detail

STATE_TABS = [("", "Tất cả"), *Invitation.State.choices]


def invite_one(request, pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    try:
        staff = staff_detail(pk)
    except Staff.DoesNotExist as exc:
        raise Http404("Không tìm thấy cán bộ.") from exc
    roles = school_roles_grantable(request.user, request.school)
    form = InviteForm(request.POST or None, roles=roles, initial={"role": Role.STAFF})
    if request.method == "POST" and form.is_valid():
        try:
            issued = invitation_services.invite_staff(
                school=request.school,
                staff_id=staff.pk,
                full_name=staff.full_name,
                user=request.user,
                **form.cleaned_data,
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            send_and_say(request, issued)
            return redirect("staff-invitations")
    return render(request, "plans/staff/invite.html", {"form": form, "staff": staff})


@require_POST
@redirect_on_refusal("staff-page")
def invite_filtered(request):
    """Invite, as staff, EVERY person the register's filter matches (its fields come with the form),
    not only the page shown; people with an account or a waiting invitation are left alone."""
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    _, staff = filtered_staff(request.POST)
    people = staff.values_list("pk", "full_name", "user_id")
    result = invitation_services.invite_staff_batch(
        school=request.school,
        people=[(pk, name, user_id is not None) for pk, name, user_id in people],
        user=request.user,
    )
    text = f"Đã tạo {len(result.issued)} lời mời."
    if result.already_pending:
        text += f" {result.already_pending} người đã có lời mời đang chờ."
    if result.with_account:
        text += f" {result.with_account} người đã có tài khoản."
    if result.issued:
        text += " Hãy in phiếu mời có mã QR để trao tận tay."
    messages.success(request, text)
    return redirect(f"{reverse('staff-invitations')}?trang_thai=pending")


def invitation_list(request):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    state = request.GET.get("trang_thai", "")
    invitations = invitations_of_school(request.school)
    if state:
        invitations = invitations_in_state(invitations, state)
    return render(
        request,
        "plans/staff/invitations.html",
        {"invitations": invitations[:1000], "state": state, "tabs": STATE_TABS},
    )


def _invitation(request, pk) -> Invitation:
    return get_object_or_404(invitations_of_school(request.school), pk=pk)


@require_POST
@redirect_on_refusal("staff-invitations")
def resend(request, pk):
    send_and_say(request, invitation_services.reissue(_invitation(request, pk), user=request.user))
    return redirect("staff-invitations")


@require_POST
@redirect_on_refusal("staff-invitations")
def revoke(request, pk):
    return revoke_and_say(request, _invitation(request, pk), "staff-invitations")


@require_POST
@redirect_on_refusal("staff-invitations")
def print_sheet(request):
    return print_chosen(request, invitations_of_school(request.school), "staff-invitations")


def _tie_to_register(invitation: Invitation, account) -> None:
    if invitation.staff_id is not None:
        people_services.link_invited_account(invitation.staff_id, account)


@login_not_required
def accept(request, token=None):
    """The invited person's page on this school's host, signed in or not: an invitation of another
    school is not found here."""
    return accept_page(request, token, on_accepted=_tie_to_register)
