from django.urls import path

from reporting.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_page, name="page"),
    path("xuat-excel/", views.dashboard_export, name="export"),
    path("truong/<slug:code>/", views.school_page, name="school"),
    path("han-nop/", views.deadline_list, name="deadlines"),
    path("han-nop/<int:pk>/sua/", views.deadline_edit, name="deadline-edit"),
    path("han-nop/<int:pk>/xoa/", views.deadline_delete, name="deadline-delete"),
]
