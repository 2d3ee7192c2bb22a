from django.urls import path, re_path

from plans.planning import views

urlpatterns = [
    path("", views.plans_page, name="plan-list"),
    path("nhap/", views.import_page, name="plan-import"),
    path("nhap/<int:pk>/", views.import_review_page, name="plan-import-review"),
    path("<int:pk>/", views.detail_page, name="plan-detail"),
    path("<int:pk>/thong-tin/", views.save_header, name="plan-header"),
    path("<int:pk>/doan-van/", views.save_lists, name="plan-lists"),
    path("<int:pk>/muc/them/", views.add_section, name="plan-section-add"),
    path("<int:pk>/muc/<int:section_pk>/sua/", views.edit_section, name="plan-section-edit"),
    re_path(
        r"^(?P<pk>\d+)/muc/(?P<section_pk>\d+)/(?P<direction>len|xuong)/$",
        views.move_section,
        name="plan-section-move",
    ),
    path("<int:pk>/muc/<int:section_pk>/xoa/", views.delete_section, name="plan-section-delete"),
    path("<int:pk>/muc/<int:section_pk>/gop-y/", views.comment_section, name="plan-section-comment"),
    path("<int:pk>/cong-viec/them/", views.add_task, name="plan-task-add"),
    path("<int:pk>/cong-viec/<int:task_pk>/sua/", views.edit_task, name="plan-task-edit"),
    path("<int:pk>/cong-viec/<int:task_pk>/xoa/", views.delete_task, name="plan-task-delete"),
    path("<int:pk>/thao-tac/<str:action>/", views.lifecycle, name="plan-lifecycle"),
    path("<int:pk>/can-cu-da-xem/", views.bases_reviewed, name="plan-bases-reviewed"),
    path("<int:pk>/xem-truoc/", views.preview_page, name="plan-preview"),
    re_path(r"^(?P<pk>\d+)/tai-ve\.(?P<fmt>docx|pdf)$", views.download, name="plan-download"),
]
