from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo office (`manage.py load_demo`): believable Vietnamese data for every part, in one
    package that no production module imports."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
