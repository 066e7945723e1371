from rest_framework.routers import DefaultRouter

from portal.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("themes", views.ThemeViewSet, basename="theme")

