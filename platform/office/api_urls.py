from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("clusters/", include("reporting.cluster_comparison.api_urls")),
    path("", include(router.urls)),
]
