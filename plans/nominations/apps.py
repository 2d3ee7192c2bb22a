from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "plans.nominations"
    label = "nominations"
    verbose_name = "Đề nghị khen thưởng và hồ sơ"
