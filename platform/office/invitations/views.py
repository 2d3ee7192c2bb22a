"""The office's pages of invitations (office host): invite a school's principal or a colleague, list
what was sent, send again, revoke, print the sheet of codes; and the accept page of office roles."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from office.accounts.selectors import offices_in_force
from office.authorities.access import office_page
from office.core.errors import Invalid
from office.core.refusals import redirect_on_refusal
from office.invitations import services
from office.invitations.acceptance import accept_page
from office.invitations.forms import OfficeColleagueForm, PersonForm
from office.invitations.models import Invitation
from office.invitations.pages import print_chosen, revoke_and_say, send_and_say
from office.invitations.selectors import invitations_for_office, invitations_in_state
from tenants.models import School

STATE_TABS = [("", "Tất cả"), *Invitation.State.choices]


@office_page
def invitation_list(request):
    state = request.GET.get("trang_thai", "")
    invitations = invitations_for_office(request.office_reach)
    if state:
        invitations = invitations_in_state(invitations, state)
    return render(
        request,
        "invitations/office_list.html",
        {"invitations": invitations[:500], "state": state, "tabs": STATE_TABS},
    )


@office_page
def invite_principal(request, code):
    school = School.objects.filter(code=code, authority_id__in=request.office_reach).first()
    if school is None:
        raise Http404("Không tìm thấy trường.")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.invite_principal(school=school, user=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            send_and_say(request, issued)
            return redirect("invitations:list")
    return render(request, "invitations/invite_principal.html", {"form": form, "school": school})


@office_page
def invite_colleague(request):
    offices = offices_in_force(request.user)
    form = OfficeColleagueForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            issued = services.invite_to_office(authority=data.pop("office"), user=request.user, **data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            send_and_say(request, issued)
            return redirect("invitations:list")
    return render(request, "invitations/invite_colleague.html", {"form": form})


def _managed(request, pk) -> Invitation:
    invitation = get_object_or_404(invitations_for_office(request.office_reach), pk=pk)
    return invitation


@office_page
@require_POST
@redirect_on_refusal("invitations:list")
def resend(request, pk):
    send_and_say(request, services.reissue(_managed(request, pk), user=request.user))
    return redirect("invitations:list")


@office_page
@require_POST
@redirect_on_refusal("invitations:list")
def revoke(request, pk):
    return revoke_and_say(request, _managed(request, pk), "invitations:list")


@office_page
@require_POST
@redirect_on_refusal("invitations:list")
def print_sheet(request):
    return print_chosen(request, invitations_for_office(request.office_reach), "invitations:list")


@login_not_required
def accept(request, token=None):
    """On the office's host: office roles only; a school's invitation is opened on the school's host."""
    if getattr(request, "school", None) is not None:
        raise Http404
    return accept_page(request, token)
