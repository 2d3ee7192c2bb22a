from django.urls import path

from plans.imports import views

urlpatterns = [
    path("<int:pk>/", views.job_page, name="import-job"),
]
