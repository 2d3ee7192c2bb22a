from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "plans.planning"
    label = "planning"
    verbose_name = "Kế hoạch công tác thi đua, khen thưởng"
