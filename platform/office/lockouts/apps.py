from django.apps import AppConfig


class LockoutsConfig(AppConfig):
    name = "office.lockouts"
    label = "lockouts"
    verbose_name = "Khóa đăng nhập"
