from django.urls import path, re_path

from office.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("hang-loat/", views.batch, name="batch"),
    path("tong-hop/danh-sach.xlsx", views.export_list, name="export-list"),
    path("minh-chung.zip", views.export_evidence, name="export-evidence"),
    path("tong-hop/to-trinh.docx", views.export_cover_letter, name="export-cover-letter"),
    path("guong-dien-hinh/", views.examples_page, name="examples"),
    path("guong-dien-hinh/tap-hop.docx", views.examples_export, name="examples-export"),
    path("tong-hop/bao-cao-tong-ket/", views.year_reports, name="year-reports"),
    path("tong-hop/bao-cao-tong-ket.xlsx", views.export_year_reports, name="export-year-reports"),
    path("<int:pk>/", views.review, name="review"),
    re_path(
        r"^(?P<pk>\d+)/(?P<action>tra-lai|duyet|trinh|huy-duyet|kiem-tra|xac-nhan)/$", views.act, name="act"
    ),
    path("<int:pk>/ke-hoach/", views.plan_document, name="plan-document"),
    re_path(r"^(?P<pk>\d+)/ke-hoach\.(?P<fmt>docx|pdf)$", views.plan_download, name="plan-download"),
    re_path(
        r"^(?P<pk>\d+)/bao-cao-tong-ket\.(?P<fmt>docx|pdf)$",
        views.year_report_download,
        name="year-report-download",
    ),
    path("<int:pk>/minh-chung/<int:evidence_id>/", views.evidence, name="evidence"),
]
