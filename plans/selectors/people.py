"""Reads of a school's own data. The connection is already on the school's schema (by host or by
the task's schema), so these never name a school."""

from django.db.models import QuerySet

from plans.models import Notification, Staff


def staff_list() -> QuerySet[Staff]:
    return Staff.objects.select_related("department").order_by("full_name")


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)


def recent_notifications(user, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient_id=user.pk)[:limit])
