from django.urls import path

from plans.movements import views

urlpatterns = [
    path("", views.movement_list, name="school-movement-list"),
    path("van-ban/<int:pk>/tai-ve/", views.movement_document, name="school-movement-document"),
]
