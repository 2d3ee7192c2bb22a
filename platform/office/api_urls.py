from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api
from reporting.dashboard.api import DashboardView

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("", include(router.urls)),
]
