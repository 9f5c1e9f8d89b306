"""Routes of the open-data API, included under /api/v1/ by portal.api.urls."""

from rest_framework.routers import SimpleRouter

from .views_api import DivisionViewSet, OrganizationViewSet, ProjectViewSet, ServicePointViewSet

router = SimpleRouter()
router.register("service-points", ServicePointViewSet, basename="service-point")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("projects", ProjectViewSet, basename="project")
router.register("divisions", DivisionViewSet, basename="division")

urlpatterns = router.urls
