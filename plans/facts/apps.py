from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "plans.facts"
    label = "school_facts"
    verbose_name = "Số liệu của trường gửi cơ quan quản lý"
