from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coaches.api import CoachViewSet
from events.api import EventViewSet
from learning.api import AreaReviewViewSet, RecommendationViewSet
from line_oa.urls import webhook_urlpatterns
from network.api import LearningCentreViewSet, PartnerViewSet
from pilots.api import PilotViewSet
from portal import files, views
from portal.api.urls import router
from practices.api import PracticeViewSet
from reports.api import ReportViewSet

router.register("practices", PracticeViewSet, basename="practice")
router.register("coaches", CoachViewSet, basename="coach")
router.register("pilots", PilotViewSet, basename="pilot")
router.register("reports", ReportViewSet, basename="report")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("area-reviews", AreaReviewViewSet, basename="area-review")
router.register("partners", PartnerViewSet, basename="partner")
router.register("learning-centres", LearningCentreViewSet, basename="learning-centre")
router.register("events", EventViewSet, basename="event")

# The admin signs in through the same throttled login as everyone else.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "สันนิบาตเทศบาลแห่งประเทศไทย"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("files/<slug:kind>/<int:pk>/<str:key>/", files.serve, name="protected-file"),
    *webhook_urlpatterns,
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI sets inline styles; only this page allows them.
        csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/data/", views.about_data, name="about-data"),
    path("practices/", include("practices.urls")),
    path("coaches/", include("coaches.urls")),
    # Reports and the learning pages live under /pilots/ too, before the pilots' catch-all slug.
    path("pilots/", include("reports.urls")),
    path("pilots/", include("learning.urls")),
    path("pilots/", include("pilots.urls")),
    path("deliveries/", include("deliveries.urls")),
    path("line/", include("line_oa.urls")),
    path("network/", include("network.urls")),
    path("events/", include("events.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
