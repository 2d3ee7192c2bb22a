"""Writes on a school's own data."""

from django.db import transaction
from django.utils import timezone

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


def mark_notification_read(*, recipient_id: int, notification_id: int) -> Notification:
    """Mark one of the recipient's own notifications read; someone else's is not found."""
    notification = Notification.objects.get(pk=notification_id, recipient_id=recipient_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notify(*, recipient_id: int, message: str, link: str = "") -> Notification:
    return Notification.objects.create(recipient_id=recipient_id, message=message[:500], link=link)
