from django.contrib.auth.views import LogoutView
from django.urls import path

from office.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("chuyen-tiep/", views.accept_handoff, name="handoff"),
    path("mo-truong/<slug:code>/", views.open_school, name="open-school"),
]
