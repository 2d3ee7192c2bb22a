from django.urls import path, re_path

from plans.year_report import views

urlpatterns = [
    path("", views.report_page, name="year-report"),
    path("luu/", views.save, name="year-report-save"),
    re_path(r"^(?P<school_year>\d{4}-\d{4})/xem-truoc/$", views.preview_page, name="year-report-preview"),
    re_path(
        r"^(?P<school_year>\d{4}-\d{4})/tai-ve\.(?P<fmt>docx|pdf)$",
        views.download,
        name="year-report-download",
    ),
]
