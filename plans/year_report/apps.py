from django.apps import AppConfig


class YearReportConfig(AppConfig):
    name = "plans.year_report"
    label = "year_report"
    verbose_name = "Báo cáo tổng kết thi đua, khen thưởng"
