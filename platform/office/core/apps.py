from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "office.core"
    label = "core"
    verbose_name = "Lõi nền tảng"
