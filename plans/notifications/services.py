"""Writes on in-app notifications: every part of the school notifies people through `notify`."""

from django.utils import timezone

from plans.notifications.models import Notification


def mark_notification_read(*, recipient_id: int, notification_id: int) -> Notification:
    """Mark one of the recipient's own notifications read; someone else's is not found."""
    notification = Notification.objects.get(pk=notification_id, recipient_id=recipient_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notify(*, recipient_id: int, message: str, link: str = "") -> Notification:
    return Notification.objects.create(recipient_id=recipient_id, message=message[:500], link=link)
