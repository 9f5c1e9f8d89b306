from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.urls import password_reset, sign_in
from content.sitemaps import sitemap
from frontend.views import elder_mode
from portal.health import healthz
from search.views import map_page

# JSON under /api/, the site's page elsewhere.
handler404 = "portal.api.errors.not_found"
# The 500 page with the help lines, rendered without the database (portal/templates/500.html).
handler500 = "portal.error_pages.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The elder-mode switch: one path in every language, it only sets a cookie and goes back.
    path("display/elder-mode/", elder_mode, name="elder_mode"),
    path("api/", include("portal.api.urls")),
    # Open-data files keep one stable path in every language (DESIGN.md §6).
    path("", include("opendata.download_urls")),
    # Wagtail's own sign-in and password reset would be a second, unthrottled door without
    # TOTP: the admin uses the portal's (accounts/urls.py).
    path("admin/login/", sign_in, name="wagtailadmin_login"),
    path("admin/password_reset/", password_reset, name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap for both languages (the English pages carry their /en/ URLs).
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese at the bare paths, English under /en/.
urlpatterns += i18n_patterns(
    path("map/", map_page, name="map"),
    path("volunteer/", include("volunteer.urls")),
    path("accounts/", include("accounts.urls")),
    path("opendata/", include("opendata.page_urls")),
    path("directory/", include("directory.urls")),
    path("impact/", include("impact.urls")),
    path("organizations/", include("organizations.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
