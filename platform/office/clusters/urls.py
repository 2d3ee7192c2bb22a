from django.urls import path, re_path

from office.clusters import views

urlpatterns = [
    path("", views.cluster_list, name="cluster-list"),
    path("lap-cum/", views.cluster_create, name="cluster-create"),
    path("tieu-chi/", views.rubric_list, name="cluster-rubric-list"),
    path("tieu-chi/<int:pk>/", views.rubric_detail, name="cluster-rubric"),
    path("tieu-chi/<int:pk>/sua/", views.rubric_edit, name="cluster-rubric-edit"),
    path("tieu-chi/<int:pk>/excel/", views.rubric_export, name="cluster-rubric-export"),
    path("dot/<int:pk>/", views.round_detail, name="cluster-round"),
    re_path(
        r"^dot/(?P<pk>\d+)/(?P<action>" + "|".join(views.ROUND_ACTIONS) + r")/$",
        views.round_action,
        name="cluster-round-action",
    ),
    path("dot/<int:pk>/de-nghi-co.docx", views.flag_proposal_export, name="cluster-flag-proposal-docx"),
    path(
        "dot/<int:pk>/minh-chung/<int:score_pk>/<int:index>/",
        views.round_evidence,
        name="cluster-round-evidence",
    ),
    path("<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("<int:pk>/sua/", views.cluster_update, name="cluster-update"),
    path("<int:pk>/them-truong/", views.seat_add, name="cluster-seat-add"),
    path("<int:pk>/truong/<int:seat_pk>/rut/", views.seat_remove, name="cluster-seat-remove"),
    path("<int:pk>/cum-truong/", views.leader_set, name="cluster-leader"),
    path("<int:pk>/giao-uoc/", views.covenant_save, name="cluster-covenant"),
    path("<int:pk>/dot-cham/", views.round_create, name="cluster-round-create"),
]
