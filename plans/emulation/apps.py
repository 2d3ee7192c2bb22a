from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "plans.emulation"
    label = "emulation"
    verbose_name = "Đăng ký và bình xét thi đua"
