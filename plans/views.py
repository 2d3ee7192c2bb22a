from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from office.accounts.selectors import school_roles
from plans.models import Notification
from plans.selectors.people import recent_notifications, staff_list
from plans.services.people import mark_notification_read


def school_home(request):
    """The school's home. Later work adds this month's tasks, registrations and dossiers."""
    staff = staff_list()
    return render(
        request,
        "plans/school_home.html",
        {
            "staff_count": staff.count(),
            "teaching_count": staff.filter(teaches=True).count(),
            "notifications": recent_notifications(request.user),
            "roles": school_roles(request.user, request.school),
        },
    )


def staff_page(request):
    return render(request, "plans/staff_list.html", {"staff": staff_list()})


@require_POST
def notification_read(request, pk):
    """HTMX: mark a notification read and send back its updated row."""
    try:
        notification = mark_notification_read(recipient_id=request.user.pk, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/_notification.html", {"notification": notification})
