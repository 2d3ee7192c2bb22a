from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "office.authorities"
    label = "authorities"
    verbose_name = "Cơ quan quản lý"
