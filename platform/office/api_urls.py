from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office import api
from office.authorities import api as authorities_api
from office.clusters import api as clusters_api
from office.decisions.api import DecisionViewSet
from office.movements import api as movements_api
from office.submissions.api import SubmissionViewSet
from reporting.dashboard.api import DashboardView

router = DefaultRouter()
router.register("schools", api.SchoolViewSet, basename="school")
router.register("authorities", authorities_api.AuthorityViewSet, basename="authority")
router.register("school-histories", authorities_api.SchoolHistoryViewSet, basename="school-history")
router.register("movements", movements_api.OfficeMovementViewSet, basename="movement")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("clusters/rubrics", clusters_api.RubricViewSet, basename="api-cluster-rubric")
router.register("clusters/rounds", clusters_api.RoundViewSet, basename="api-cluster-round")
router.register("clusters", clusters_api.ClusterViewSet, basename="api-cluster")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("clusters/", include("reporting.cluster_comparison.api_urls")),
    path("", include(router.urls)),
]
