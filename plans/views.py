from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from office.accounts.selectors import school_roles
from plans import calendar
from plans.models import Notification, PlanTask
from plans.selectors.people import recent_notifications, staff_list
from plans.selectors.plan import (
    calendar_tasks,
    can_follow_up_task,
    followed_up_task,
    school_home_timeline,
    task_row,
)
from plans.services.people import mark_notification_read
from plans.services.plan import PlanError, assign_task


def school_home(request):
    """The school's home: its people, this month's and the overdue tasks of its issued plans, and
    the address of its calendar feed. Registrations and dossiers come later."""
    staff = staff_list()
    today = timezone.localdate()
    timeline = school_home_timeline(request.user, request.school, today)
    feed_path = reverse("calendar-feed", args=[calendar.feed_token(request.school)])
    return render(
        request,
        "plans/school_home.html",
        {
            "staff_count": staff.count(),
            "teaching_count": staff.filter(teaches=True).count(),
            "notifications": recent_notifications(request.user),
            "roles": school_roles(request.user, request.school),
            "today": today,
            "this_month_rows": timeline["this_month"],
            "overdue_rows": timeline["overdue"],
            "overdue_count": timeline["overdue_count"],
            "calendar_url": request.build_absolute_uri(feed_path),
        },
    )


@require_POST
def task_state(request, pk):
    """HTMX: the task's owner or a manager records how far a task is; the row comes back updated."""
    try:
        task = followed_up_task(pk)
    except PlanTask.DoesNotExist as exc:
        raise Http404 from exc
    if not can_follow_up_task(request.user, request.school, task):
        return HttpResponseForbidden("Chỉ người phụ trách hoặc Ban giám hiệu được cập nhật công việc này.")
    try:
        assign_task(task, state=request.POST.get("state", PlanTask.State.DONE), user=request.user)
    except PlanError as exc:
        return HttpResponse(str(exc), status=400)
    if not request.htmx:
        return redirect("home")
    row = task_row(request.user, request.school, task, timezone.localdate())
    return render(request, "plans/_task_row.html", {"row": row})


@login_not_required
def calendar_feed(request, token):
    """The school's timeline for calendar apps, which cannot log in: the signed token is the key."""
    # The token first, whatever the method: without it the feed does not exist (404), as elsewhere.
    if not calendar.token_opens(token, request.school):
        raise Http404("Không tìm thấy lịch.")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body = calendar.school_calendar(
        school=request.school,
        tasks=calendar_tasks(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{request.school.code}.ics"'
    return response


@require_POST
def notification_read(request, pk):
    """HTMX: mark a notification read and send back its updated row."""
    try:
        notification = mark_notification_read(recipient_id=request.user.pk, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/_notification.html", {"notification": notification})
