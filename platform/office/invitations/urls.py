from django.urls import path

from office.invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("moi-hieu-truong/<slug:code>/", views.invite_principal, name="invite-principal"),
    path("moi-dong-nghiep/", views.invite_colleague, name="invite-colleague"),
    path("in-phieu/", views.print_sheet, name="print"),
    path("<int:pk>/gui-lai/", views.resend, name="resend"),
    path("<int:pk>/thu-hoi/", views.revoke, name="revoke"),
]
