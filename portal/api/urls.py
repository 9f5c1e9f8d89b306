"""Everything under /api/: version 1 of the public API and its OpenAPI schema.

Apps add their routes to ``v1`` by including their own url modules here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

v1 = [
    path("", include("opendata.urls")),  # directory datasets
    path("", include("search.urls")),  # one search over everything
    path("", include("search.map_urls")),  # map clusters
    path("", include("impact.api_urls")),  # privacy-scrubbed impact statistics
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    # Open Referral HSDS 3.0 API: the directory in the shape HSDS tools read.
    path("hsds/", include(("opendata.hsds_urls", "hsds"), namespace="hsds")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
