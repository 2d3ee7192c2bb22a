from django.urls import path, re_path

from plans.nominations import views

urlpatterns = [
    path("", views.nominations_page, name="nomination-list"),
    path("<int:pk>/", views.nomination_page, name="nomination-detail"),
    path("<int:pk>/bao-cao-thanh-tich.docx", views.achievement_report_download, name="nomination-report"),
    path("ho-so/", views.dossiers_page, name="dossier-list"),
    path("ho-so/<int:pk>/", views.dossier_page, name="dossier-detail"),
    re_path(
        r"^ho-so/(?P<pk>\d+)/thao-tac/(?P<action>them|bo|minh-chung|xac-nhan|gui)/$",
        views.dossier_action,
        name="dossier-action",
    ),
    re_path(
        r"^ho-so/(?P<pk>\d+)/van-ban/(?P<document>to-trinh\.docx|danh-sach\.xlsx|bien-ban\.docx)$",
        views.dossier_document,
        name="dossier-document",
    ),
    path("ky-niem-chuong/", views.knc_page, name="knc-eligibility"),
    path("xep-loai-tap-the/", views.collective_ratings_page, name="collective-ratings"),
    path("cong-khai/", views.postings_page, name="posting-list"),
    path("cong-khai/<int:pk>/", views.posting_page, name="posting-detail"),
    re_path(
        r"^ho-so/(?P<pk>\d+)/cong-khai/(?P<action>dang|tra-loi|gui-truoc)/$",
        views.posting_action,
        name="posting-action",
    ),
]
