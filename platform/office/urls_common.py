"""URLs served on every host, the office's and each school's."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from office.core import views as core_views


def api_schema_urls(urlconf: str):
    """The OpenAPI document and its docs page, describing the URLs of the host they are served on."""
    return [
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="api-schema"),
        path(
            "api/docs/",
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
            name="api-docs",
        ),
    ]


urlpatterns = [
    path("", include("office.tokens.urls")),
    path("tai-khoan/", include("office.accounts.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("objects/upload/", core_views.local_upload, name="objects-upload"),
    path("objects/download/<str:token>/", core_views.local_download, name="objects-download"),
    path("i18n/", include("django.conf.urls.i18n")),
]
