from django.urls import path

from plans.evidence import views

urlpatterns = [
    path("tai-len/", views.start, name="evidence-start"),
    path("<int:pk>/xac-nhan/", views.complete, name="evidence-complete"),
    path("<int:pk>/tai-ve/", views.download, name="evidence-download"),
]
