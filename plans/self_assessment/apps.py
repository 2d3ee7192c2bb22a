from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "plans.self_assessment"
    label = "self_assessment"
    verbose_name = "Tự chấm điểm thi đua cụm"
