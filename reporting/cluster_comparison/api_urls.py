"""Office API: /api/v1/clusters/… (included from office/api_urls.py)."""

from django.urls import path

from .api import ClusterComparisonView

urlpatterns = [
    path("<int:cluster_id>/comparison/", ClusterComparisonView.as_view(), name="api-cluster-comparison"),
]
