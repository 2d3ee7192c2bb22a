from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "office.decisions"
    label = "decisions"
    verbose_name = "Quyết định khen thưởng"
