"""The school's home page: its people, its timeline this month and its notifications."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from office.accounts.selectors import is_school_manager, school_roles
from office.submissions.selectors import SentVersion, recently_sent
from plans.home.checklist import getting_started
from plans.notifications.selectors import recent_notifications
from plans.planning.selectors import calendar_feed_expired, calendar_feed_of, school_home_timeline
from plans.staff.selectors import staff_list


def _page_of(sent: SentVersion) -> str:
    """Where the school answers for what it sent: the page that sent it (each part names its
    references "<kind>:<id or school year>")."""
    prefix, _, key = sent.reference.partition(":")
    pages = {
        "plan": ("plan-detail", True),
        "registration": ("emulation-campaign", True),
        "dossier": ("dossier-detail", True),
        "round": ("self-assessment-round", True),
        "examples": ("example-list", False),
        "collective_rating": ("collective-ratings", False),
        "year_report": ("year-report", False),
    }
    if prefix not in pages:
        return ""
    name, by_id = pages[prefix]
    if by_id:
        return reverse(name, args=[int(key)]) if key.isdigit() else ""
    return f"{reverse(name)}?nam={key}"


def _sent_upward(request) -> list[tuple[SentVersion, str]]:
    return [(sent, _page_of(sent)) for sent in recently_sent(request.school)]


def school_home(request):
    """The school's home: its people, this month's and the overdue tasks of its issued plans, and
    the person's own calendar address (shown once when made). Registrations and dossiers come later."""
    staff = staff_list()
    today = timezone.localdate()
    timeline = school_home_timeline(request.user, request.school, today)
    feed = calendar_feed_of(request.user)
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
            "calendar_feed": feed,
            "calendar_feed_expired": feed is not None and calendar_feed_expired(feed, timezone.now()),
            "calendar_feed_idle_days": settings.CALENDAR_FEED_IDLE_DAYS,
            "new_calendar_url": request.session.pop("new_calendar_feed", None),
            # The first steps of a new school, for the people who take them.
            "getting_started": getting_started(request.school)
            if is_school_manager(request.user, request.school)
            else None,
            # Where the office stands on what the school sent, for those who send and correct it.
            "sent_upward": _sent_upward(request) if is_school_manager(request.user, request.school) else [],
        },
    )
