"""Office host: /cum-thi-dua/… (included from office/urls.py)."""

from django.urls import path

from . import views

app_name = "cluster_comparison"

urlpatterns = [
    path("so-sanh/", views.comparison_list, name="list"),
    path("<int:cluster_id>/so-sanh/", views.comparison_page, name="page"),
    path("<int:cluster_id>/so-sanh/excel/", views.comparison_excel, name="excel"),
    path("<int:cluster_id>/so-sanh/pdf/", views.comparison_pdf_view, name="pdf"),
]
