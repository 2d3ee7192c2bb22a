from django.urls import path

from plans.emulation import views

urlpatterns = [
    path("dang-ky/", views.campaigns_page, name="emulation-campaigns"),
    path("dang-ky/cua-toi/", views.my_registration_page, name="emulation-my-registration"),
    path("dang-ky/<int:pk>/", views.campaign_page, name="emulation-campaign"),
    path("dang-ky/<int:pk>/moi-dang-ky/", views.invite_staff, name="emulation-campaign-invite"),
    path("dang-ky/<int:pk>/duyet-tat-ca/", views.approve_all, name="emulation-campaign-approve-all"),
    path("dang-ky/<int:pk>/tap-the/", views.save_collective, name="emulation-campaign-collective"),
    path("dang-ky/<int:pk>/khoa/", views.close_campaign, name="emulation-campaign-close"),
    path("dang-ky/<int:pk>/mo-lai/", views.reopen_campaign, name="emulation-campaign-reopen"),
    path("dang-ky/<int:pk>/gui/", views.submit_campaign, name="emulation-campaign-submit"),
    path("dang-ky/<int:pk>/danh-sach.xlsx", views.campaign_excel, name="emulation-campaign-excel"),
    path("dang-ky/<int:pk>/can-bo/<int:staff_pk>/", views.register_for, name="emulation-register-for"),
    path(
        "dang-ky/<int:pk>/phieu/<int:registration_pk>/duyet/",
        views.approve_registration,
        name="emulation-registration-approve",
    ),
    path(
        "dang-ky/<int:pk>/phieu/<int:registration_pk>/tra-lai/",
        views.return_registration,
        name="emulation-registration-return",
    ),
    path("danh-gia/", views.ratings_page, name="emulation-ratings"),
    path("binh-xet/", views.rounds_page, name="emulation-rounds"),
    path("binh-xet/<int:pk>/", views.round_page, name="emulation-round"),
    path("binh-xet/<int:pk>/thong-tin/", views.round_settings, name="emulation-round-settings"),
    path("binh-xet/<int:pk>/hoi-dong/", views.round_council, name="emulation-round-council"),
    path("binh-xet/<int:pk>/de-nghi/them/", views.candidate_add, name="emulation-candidate-add"),
    path(
        "binh-xet/<int:pk>/de-nghi/lay-tu-dang-ky/",
        views.candidates_import,
        name="emulation-candidates-import",
    ),
    path(
        "binh-xet/<int:pk>/de-nghi/<int:candidate_pk>/xoa/",
        views.candidate_remove,
        name="emulation-candidate-remove",
    ),
    path(
        "binh-xet/<int:pk>/de-nghi/<int:candidate_pk>/so-phieu/",
        views.vote_count,
        name="emulation-vote-count",
    ),
    path("binh-xet/<int:pk>/bo-phieu/", views.ballot_page, name="emulation-ballot"),
    path("binh-xet/<int:pk>/ket-thuc/", views.round_close, name="emulation-round-close"),
    path("binh-xet/<int:pk>/bien-ban.docx", views.round_minutes, name="emulation-round-minutes"),
]
