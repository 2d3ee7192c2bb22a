from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "plans.imports"
    label = "imports"
    verbose_name = "Nhập tệp Word, Excel"
