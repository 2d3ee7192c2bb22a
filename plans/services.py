"""Writes on a school's own data."""

from django.db import transaction

from plans.models import Department, Notification, Staff


@transaction.atomic
def add_staff_member(
    *,
    full_name: str,
    gender: str,
    position: str = "",
    department_name: str = "",
    teaches: bool = True,
    user=None,
) -> Staff:
    department = None
    if department_name:
        department, _ = Department.objects.get_or_create(name=department_name)
    return Staff.objects.create(
        full_name=full_name,
        gender=gender,
        position=position,
        department=department,
        teaches=teaches,
        user=user,
    )


def notify(*, recipient_id: int, message: str, link: str = "") -> Notification:
    return Notification.objects.create(recipient_id=recipient_id, message=message[:500], link=link)
