from django.urls import path

from office.movements import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("moi/", views.movement_create, name="create"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/sua/", views.movement_edit, name="edit"),
    path("<int:pk>/van-ban/tai-len/", views.document_start, name="document-start"),
    path("van-ban/<int:pk>/xac-nhan/", views.document_complete, name="document-complete"),
    path("van-ban/<int:pk>/tai-ve/", views.document_download, name="document-download"),
]
