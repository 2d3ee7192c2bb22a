from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api
from office.decisions.api import DecisionViewSet

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")
router.register("decisions", DecisionViewSet, basename="api-decision")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
