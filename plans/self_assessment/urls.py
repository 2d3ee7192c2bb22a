from django.urls import path

from plans.self_assessment import views

urlpatterns = [
    path("", views.home, name="self-assessment-home"),
    path("ky-giao-uoc/", views.sign, name="self-assessment-sign"),
    path("dot/<int:pk>/", views.round_page, name="self-assessment-round"),
    path("dot/<int:pk>/luu/", views.save, name="self-assessment-save"),
    path("dot/<int:pk>/cham-cheo/<int:seat_pk>/", views.cross, name="self-assessment-cross"),
]
