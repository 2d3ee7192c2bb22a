from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "plans.movements"
    label = "school_movements"
    verbose_name = "Phong trào thi đua (phía trường)"
