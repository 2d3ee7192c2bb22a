from django.contrib.auth.views import LogoutView
from django.urls import path

from office.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("chuyen-tiep/", views.accept_handoff, name="handoff"),
    path("mo-truong/<slug:code>/", views.open_school, name="open-school"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password-reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("nguoi-dung/", views.people_list, name="people"),
    path("nguoi-dung/giao-vai-tro/", views.office_role_add, name="office-role-add"),
    path("nguoi-dung/<int:pk>/", views.person_page, name="person"),
    path("nguoi-dung/<int:pk>/dat-mat-khau/", views.person_set_password, name="person-set-password"),
    path("nguoi-dung/<int:pk>/ngung/", views.person_deactivate, name="person-deactivate"),
    path("nguoi-dung/<int:pk>/mo-lai/", views.person_reactivate, name="person-reactivate"),
    path("nguoi-dung/<int:pk>/giao-vai-tro/", views.person_assign_role, name="person-assign-role"),
    path("vai-tro/<int:pk>/thoi/", views.membership_end, name="membership-end"),
    path("nhat-ky/", views.account_log, name="account-log"),
]
