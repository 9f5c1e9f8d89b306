from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from frontend.views import section_placeholder
from portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("portal.api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese at the bare paths, English under /en/.
urlpatterns += i18n_patterns(
    path("map/", section_placeholder, {"section": "map"}, name="map"),
    path("volunteer/", section_placeholder, {"section": "volunteer"}, name="volunteer"),
    path("directory/", include("portal.directory.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
