"""The office's URLs (public schema), served on the base domain."""

from django.urls import include, path

from office.core import views as core_views
from office.invitations import views as invitation_views
from office.urls_common import api_schema_urls
from office.urls_common import urlpatterns as common_urlpatterns

# An unknown address under /api/ answers JSON, as the OpenAPI document says; pages keep Django's 404.
handler404 = "office.core.views.not_found"

urlpatterns = [
    path("", core_views.office_home, name="home"),
    path("co-quan/", include("office.authorities.urls")),
    path("phong-trao/", include("office.movements.urls")),
    path("tham-dinh/", include("office.submissions.urls")),
    path("quyet-dinh/", include("office.decisions.urls")),
    path("tong-quan/", include("reporting.dashboard.urls")),
    path("cum-thi-dua/", include("office.clusters.urls")),
    path("loi-moi/", include("office.invitations.urls")),
    path("nhan-loi-moi/", invitation_views.accept, name="invitation-enter-code"),
    path("nhan-loi-moi/<str:token>/", invitation_views.accept, name="invitation-accept"),
    path("khoa-dang-nhap/", include("office.lockouts.urls")),
    path("api/v1/", include("office.api_urls")),
    path("cum-thi-dua/", include("reporting.cluster_comparison.urls")),
    *api_schema_urls("office.urls"),
    *common_urlpatterns,
]

# An outage (database, Redis, queue, storage away) is a Vietnamese 503, any other error the 500 page.
handler500 = "office.core.views.server_error"
