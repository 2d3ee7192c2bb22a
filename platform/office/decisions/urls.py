from django.urls import path

from office.decisions import views

urlpatterns = [
    path("", views.decision_list, name="decision-list"),
    path("them/", views.decision_create, name="decision-create"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/them-tu-ho-so/", views.lines_from_dossiers, name="decision-lines-from-dossiers"),
    path("<int:pk>/them-dong/", views.line_add, name="decision-line-add"),
    path("<int:pk>/dong/<int:line_pk>/xoa/", views.line_remove, name="decision-line-remove"),
    path("<int:pk>/ghi-nhan/", views.decision_record, name="decision-record"),
    path("<int:pk>/tiep-tuc-chuyen/", views.delivery_resume, name="decision-resume"),
    path("<int:pk>/tien-do/", views.delivery_progress, name="decision-progress"),
    path("<int:pk>/quyet-dinh.docx", views.decision_docx, name="decision-docx"),
]
