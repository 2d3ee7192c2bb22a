"""Reads of a person's own notifications in this school."""

from django.db.models import QuerySet

from plans.notifications.models import Notification


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)


def recent_notifications(user, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient_id=user.pk)[:limit])
