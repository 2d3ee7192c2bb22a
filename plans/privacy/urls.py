from django.urls import path

from plans.privacy import views

urlpatterns = [
    path("", views.my_reads, name="privacy-my-reads"),
    path("can-bo/<int:pk>/xuat.zip", views.export, name="privacy-export"),
    path("can-bo/<int:pk>/xoa/", views.erase, name="privacy-erase"),
]
