from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "office.rules"
    label = "rules"
    verbose_name = "Quy định thi đua, khen thưởng"
