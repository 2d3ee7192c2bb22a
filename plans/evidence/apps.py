from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "plans.evidence"
    label = "evidence"
    verbose_name = "Minh chứng"
