"""Paths answered on every host before routing (office.ops.middleware.OperationsEndpointsMiddleware)."""

from django.urls import path

from office.ops import views

urlpatterns = [
    path("livez", views.livez, name="livez"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("tls-ask", views.tls_ask, name="tls-ask"),
]
