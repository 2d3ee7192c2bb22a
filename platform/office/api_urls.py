from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api
from office.submissions.api import SubmissionViewSet

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
