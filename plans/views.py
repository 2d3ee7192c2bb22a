from django.shortcuts import render

from office.accounts.selectors import school_roles
from plans.selectors import recent_notifications, staff_list


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
