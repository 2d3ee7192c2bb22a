from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "office.facts"
    label = "facts"
    verbose_name = "Số liệu tổng hợp của trường"
