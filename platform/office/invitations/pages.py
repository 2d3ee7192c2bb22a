"""What the office's and the schools' invitation pages share: the addresses of a link and of a
printed code (on the host of the invitation's school or office), mailing with a message to the person
who invited, and the printable sheet of QR cards."""

from django.contrib import messages
from django.shortcuts import redirect, render

from office.invitations import services
from office.invitations.models import Invitation
from office.invitations.qr import qr_svg
from tenants.selectors import school_url


def accept_url(request, issued: services.Issued) -> str:
    path = f"/nhan-loi-moi/{issued.token}/"
    invitation = issued.invitation
    if invitation.school_id is not None:
        return school_url(invitation.school, request, path)
    return request.build_absolute_uri(path)


def code_url(request, invitation: Invitation, code: str) -> str:
    path = f"/nhan-loi-moi/?ma={code}"
    if invitation.school_id is not None:
        return school_url(invitation.school, request, path)
    return request.build_absolute_uri(path)


def send_and_say(request, issued: services.Issued) -> None:
    """Mail the link when there is an address, and tell the person what happened."""
    invitation = issued.invitation
    if services.send_invitation_mail(issued, accept_url=accept_url(request, issued)):
        messages.success(request, f"Đã gửi thư mời tới {invitation.full_name} ({invitation.email}).")
    else:
        messages.success(
            request,
            f"Đã tạo lời mời cho {invitation.full_name}. Không có địa chỉ thư: hãy in phiếu mời có mã QR.",
        )


def sheet(request, issued: list[services.Issued], back_url: str):
    cards = []
    for item in issued:
        url = code_url(request, item.invitation, item.code)
        cards.append(
            {
                "invitation": item.invitation,
                "code": item.code_display,
                "qr": qr_svg(url),
                "entry_url": url.split("?", 1)[0],
            }
        )
    return render(request, "invitations/sheet.html", {"cards": cards, "back_url": back_url})


def revoke_and_say(request, invitation: Invitation, list_url: str):
    invitation = services.revoke(invitation, user=request.user)
    messages.success(request, f"Đã thu hồi lời mời của {invitation.full_name}.")
    return redirect(list_url)


def print_chosen(request, invitations, list_url: str):
    """The sheet of new codes for the invitations ticked on a list (`invitations`: those the page may
    show, so a forged id prints nothing)."""
    ids = [pk for pk in request.POST.getlist("ids") if pk.isdigit()]
    issued = services.print_codes(invitations.filter(pk__in=ids), user=request.user)
    if not issued:
        messages.error(request, "Không có lời mời nào đang chờ để in.")
        return redirect(list_url)
    return sheet(request, issued, back_url=list_url)
