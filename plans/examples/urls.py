from django.urls import path

from plans.examples import views

urlpatterns = [
    path("", views.list_page, name="example-list"),
    path("de-xuat/", views.propose_page, name="example-propose"),
    path("gui-len/", views.submit, name="example-submit"),
    path("<int:pk>/", views.detail_page, name="example-detail"),
    path("<int:pk>/sua/", views.edit_page, name="example-edit"),
    path("<int:pk>/xac-nhan/", views.confirm, name="example-confirm"),
    path("<int:pk>/tra-lai/", views.return_page, name="example-return"),
    path("<int:pk>/tai-lieu/", views.attach, name="example-attach"),
    path("<int:pk>/ho-so/", views.choose_dossier, name="example-dossier"),
]
