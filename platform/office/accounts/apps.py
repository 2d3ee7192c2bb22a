from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "office.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
