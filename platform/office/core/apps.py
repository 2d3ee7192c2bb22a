from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "office.core"
    label = "core"
    verbose_name = "Lõi nền tảng"

    def ready(self):
        from office.core.search import register_lookups

        register_lookups()
