from django.urls import path

from plans.staff import invitation_views, views

urlpatterns = [
    path("", views.staff_page, name="staff-page"),
    path("them/", views.staff_add, name="staff-add"),
    path("chuyen-to/", views.batch_move, name="staff-batch-move"),
    path("nhap/", views.staff_import, name="staff-import"),
    path("mau-nhap.xlsx", views.staff_template, name="staff-template"),
    path("moi-tat-ca/", invitation_views.invite_filtered, name="staff-invite-filtered"),
    path("loi-moi/", invitation_views.invitation_list, name="staff-invitations"),
    path("loi-moi/in-phieu/", invitation_views.print_sheet, name="staff-invitations-print"),
    path("loi-moi/<int:pk>/gui-lai/", invitation_views.resend, name="staff-invitation-resend"),
    path("loi-moi/<int:pk>/thu-hoi/", invitation_views.revoke, name="staff-invitation-revoke"),
    path("<int:pk>/moi/", invitation_views.invite_one, name="staff-invite"),
    path("<int:pk>/", views.staff_record, name="staff-record"),
    path("<int:pk>/sua/", views.staff_edit, name="staff-edit"),
    path("<int:pk>/xoa/", views.staff_delete, name="staff-delete"),
    path("<int:pk>/tai-khoan/", views.staff_account, name="staff-account"),
    path("<int:pk>/giai-doan/them/", views.period_add, name="staff-period-add"),
    path("<int:pk>/giai-doan/<int:period_pk>/sua/", views.period_edit, name="staff-period-edit"),
    path("<int:pk>/giai-doan/<int:period_pk>/xoa/", views.period_delete, name="staff-period-delete"),
    path("<int:pk>/khen-thuong/them/", views.staff_award_add, name="staff-award-add"),
    path("khen-thuong/", views.awards_page, name="award-list"),
    path("khen-thuong/tap-the/them/", views.collective_award_add, name="award-collective-add"),
    path("khen-thuong/<int:award_pk>/sua/", views.award_edit, name="award-edit"),
    path("khen-thuong/<int:award_pk>/xoa/", views.award_delete, name="award-delete"),
    path("khen-thuong/nhap/", views.award_import, name="award-import"),
    path("khen-thuong/mau-nhap.xlsx", views.award_template, name="award-template"),
]
