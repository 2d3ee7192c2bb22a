from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api
from office.clusters import api as clusters_api

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")
router.register("clusters/rubrics", clusters_api.RubricViewSet, basename="api-cluster-rubric")
router.register("clusters/rounds", clusters_api.RoundViewSet, basename="api-cluster-round")
router.register("clusters", clusters_api.ClusterViewSet, basename="api-cluster")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
