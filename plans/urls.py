"""A school's URLs, served on <code>.<base domain> in the school's own schema."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from office.api import MeView
from office.movements.api import SchoolMovementViewSet
from office.urls_common import api_schema_urls
from office.urls_common import urlpatterns as common_urlpatterns
from plans.emulation import api as emulation_api
from plans.evidence import api as evidence_api
from plans.examples import api as examples_api
from plans.home import views as home_views
from plans.imports import api as imports_api
from plans.initiatives import api as initiatives_api
from plans.nominations import api as nominations_api
from plans.notifications import api as notifications_api
from plans.notifications import views as notifications_views
from plans.planning import api as planning_api
from plans.planning import views as planning_views
from plans.privacy import api as privacy_api
from plans.self_assessment import api as self_assessment_api
from plans.staff import api as staff_api
from plans.staff import invitation_views

router = DefaultRouter()
router.register("staff", staff_api.StaffViewSet, basename="staff")
router.register(
    r"staff/(?P<staff_pk>\d+)/periods", staff_api.StaffStatusPeriodViewSet, basename="api-staff-period"
)
router.register("awards", staff_api.AwardRecordViewSet, basename="api-award")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
router.register("plans", planning_api.PlanViewSet, basename="api-plan")
router.register(
    r"plans/(?P<plan_pk>\d+)/sections", planning_api.PlanSectionViewSet, basename="api-plan-section"
)
router.register(r"plans/(?P<plan_pk>\d+)/tasks", planning_api.PlanTaskViewSet, basename="api-plan-task")
router.register(
    r"plans/(?P<plan_pk>\d+)/sections/(?P<section_pk>\d+)/comments",
    planning_api.PlanCommentViewSet,
    basename="api-plan-section-comment",
)
router.register(
    "registration-campaigns", emulation_api.RegistrationCampaignViewSet, basename="api-registration-campaign"
)
router.register("registrations", emulation_api.RegistrationViewSet, basename="api-registration")
router.register("staff-ratings", emulation_api.StaffRatingViewSet, basename="api-staff-rating")
router.register("review-rounds", emulation_api.ReviewRoundViewSet, basename="api-review-round")
router.register(
    r"review-rounds/(?P<round_pk>\d+)/candidates",
    emulation_api.ReviewCandidateViewSet,
    basename="api-review-candidate",
)
router.register(
    r"review-rounds/(?P<round_pk>\d+)/ballots", emulation_api.BallotViewSet, basename="api-review-ballot"
)
router.register("evidence", evidence_api.EvidenceViewSet, basename="api-evidence")
router.register("initiatives", initiatives_api.InitiativeViewSet, basename="api-initiative")
router.register("initiative-reviews", initiatives_api.ReviewViewSet, basename="api-initiative-review")
router.register("nominations", nominations_api.NominationViewSet, basename="api-nomination")
router.register("dossiers", nominations_api.DossierViewSet, basename="api-dossier")
router.register("postings", nominations_api.PostingViewSet, basename="api-posting")
router.register("objections", nominations_api.ObjectionViewSet, basename="api-objection")
router.register("movements", SchoolMovementViewSet, basename="api-school-movement")
router.register("my-data-reads", privacy_api.MyDataReadViewSet, basename="api-my-data-read")
router.register("self-assessments", self_assessment_api.SelfAssessmentViewSet, basename="api-self-assessment")
router.register("import-jobs", imports_api.ImportJobViewSet, basename="api-import-job")
router.register("examples", examples_api.ExampleViewSet, basename="api-example")

# An unknown address under /api/ answers JSON, as the OpenAPI document says; pages keep Django's 404.
handler404 = "office.core.views.not_found"

urlpatterns = [
    path("", home_views.school_home, name="home"),
    path("can-bo/", include("plans.staff.urls")),
    path("ke-hoach/", include("plans.planning.urls")),
    path("thi-dua/", include("plans.emulation.urls")),
    path("minh-chung/", include("plans.evidence.urls")),
    path("sang-kien/", include("plans.initiatives.urls")),
    path("de-nghi/", include("plans.nominations.urls")),
    path("phong-trao/", include("plans.movements.urls")),
    path("cum-thi-dua/", include("plans.self_assessment.urls")),
    path("nhap-tep/", include("plans.imports.urls")),
    path("guong-dien-hinh/", include("plans.examples.urls")),
    path("bao-cao-tong-ket/", include("plans.year_report.urls")),
    path("du-lieu-ca-nhan/", include("plans.privacy.urls")),
    path("nhan-loi-moi/", invitation_views.accept, name="invitation-enter-code"),
    path("nhan-loi-moi/<str:token>/", invitation_views.accept, name="invitation-accept"),
    path("thong-bao/<int:pk>/da-doc/", notifications_views.notification_read, name="notification-read"),
    path("cong-viec/<int:pk>/tinh-trang/", planning_views.task_state, name="task-state"),
    path("lich/<str:token>.ics", planning_views.calendar_feed, name="calendar-feed"),
    path("lich/tao/", planning_views.calendar_feed_issue, name="calendar-feed-issue"),
    path("lich/thu-hoi/", planning_views.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/", include(router.urls)),
    *api_schema_urls("plans.urls"),
    *common_urlpatterns,
]

# An outage (database, Redis, queue, storage away) is a Vietnamese 503, any other error the 500 page.
handler500 = "office.core.views.server_error"
