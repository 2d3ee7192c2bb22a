"""In-app notifications: a message to one person about this school's work (reminders, returned
dossiers…). The model belongs to the `plans` app (app label and table unchanged)."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app message to one person about this school's work (reminders, returned dossiers…)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    message = models.CharField("nội dung", max_length=500)
    link = models.CharField("liên kết", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message
