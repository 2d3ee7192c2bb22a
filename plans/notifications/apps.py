from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "plans.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
