from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "plans.staff"
    label = "staff"
    verbose_name = "Cán bộ, giáo viên và lịch sử khen thưởng"
