"""A person's notifications on the school's pages."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from plans.notifications.models import Notification
from plans.notifications.services import mark_notification_read


@require_POST
def notification_read(request, pk):
    """HTMX: mark a notification read and send back its updated row."""
    try:
        notification = mark_notification_read(recipient_id=request.user.pk, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/_notification.html", {"notification": notification})
