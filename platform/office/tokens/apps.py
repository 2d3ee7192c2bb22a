from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "office.tokens"
    label = "tokens"
    verbose_name = "Khóa truy cập API"

    def ready(self):
        from office.tokens import schema  # noqa: F401 - registers the OpenAPI description of tokens
