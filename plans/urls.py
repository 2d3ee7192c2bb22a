"""A school's URLs, served on <code>.<base domain> in the school's own schema."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office.api import MeView
from office.urls_common import api_schema_urls
from office.urls_common import urlpatterns as common_urlpatterns
from plans import api, views

router = DefaultRouter()
router.register("staff", api.StaffViewSet, basename="staff")
router.register("notifications", api.NotificationViewSet, basename="notification")
router.register("plans", api.PlanViewSet, basename="api-plan")
router.register(r"plans/(?P<plan_pk>\d+)/sections", api.PlanSectionViewSet, basename="api-plan-section")
router.register(r"plans/(?P<plan_pk>\d+)/tasks", api.PlanTaskViewSet, basename="api-plan-task")
router.register(
    r"plans/(?P<plan_pk>\d+)/sections/(?P<section_pk>\d+)/comments",
    api.PlanCommentViewSet,
    basename="api-plan-section-comment",
)

urlpatterns = [
    path("", views.school_home, name="home"),
    path("can-bo/", views.staff_page, name="staff-page"),
    path("ke-hoach/", include("plans.plan_urls")),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification-read"),
    path("cong-viec/<int:pk>/tinh-trang/", views.task_state, name="task-state"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/", include(router.urls)),
    *api_schema_urls("plans.urls"),
    *common_urlpatterns,
]
