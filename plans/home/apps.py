from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "plans.home"
    label = "school_home"
    verbose_name = "Trang chủ của trường"
