from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "office.submissions"
    label = "submissions"
    verbose_name = "Hồ sơ gửi lên"
