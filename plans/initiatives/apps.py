from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "plans.initiatives"
    label = "initiatives"
    verbose_name = "Sáng kiến kinh nghiệm"
