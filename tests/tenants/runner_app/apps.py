from django.apps import AppConfig


class RunnerAppConfig(AppConfig):
    name = "tests.tenants.runner_app"
    label = "runner_app"
    default_auto_field = "django.db.models.BigAutoField"
