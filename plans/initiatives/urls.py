from django.urls import path

from plans.initiatives import views

urlpatterns = [
    path("", views.list_page, name="initiative-list"),
    path("phan-cong-hang-loat/", views.batch_assign, name="initiative-batch-assign"),
    path("dang-ky/", views.register_page, name="initiative-register"),
    path("tieu-chi/", views.rubric_page, name="initiative-rubric"),
    path("hoi-dong/", views.council_page, name="initiative-council"),
    path("<int:pk>/", views.detail_page, name="initiative-detail"),
    path("<int:pk>/sua/", views.edit_page, name="initiative-edit"),
    path("<int:pk>/tai-lieu/", views.attach_document, name="initiative-document"),
    path("<int:pk>/nop/", views.submit, name="initiative-submit"),
    path("<int:pk>/nguoi-cham/", views.assign, name="initiative-assign"),
    path("<int:pk>/nguoi-cham/<int:review_pk>/rut/", views.unassign, name="initiative-unassign"),
    path("<int:pk>/cham/", views.score, name="initiative-score"),
    path("<int:pk>/quyet-dinh/", views.decide, name="initiative-decide"),
]
