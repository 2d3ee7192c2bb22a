from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "office.ops"
    label = "ops"
    verbose_name = "Vận hành"

    def ready(self):
        from office.ops import signals

        signals.connect()
