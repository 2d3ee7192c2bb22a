from django.urls import path

from office.lockouts import views

app_name = "lockouts"

urlpatterns = [
    path("", views.lockout_list, name="list"),
    path("mo-khoa/", views.unlock, name="unlock"),
]
