"""Production: every request answers as if it came to SITE_BASE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


class SiteOriginMiddleware:
    """Pins the request's host to SITE_BASE_URL's once it has passed ALLOWED_HOSTS.

    Absolute links are built from the request (allauth's confirmation and reset e-mails, the
    feeds, the sitemap, the DCAT catalogue, ``og:url``). Behind nginx the Host header may lack
    the port or name another allowed alias; with this middleware first, all of them carry the
    one public address the operator configured. A Host outside ALLOWED_HOSTS still gets 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.host = urlsplit(settings.SITE_BASE_URL).netloc

    def __call__(self, request):
        request.get_host()  # DisallowedHost (400) for a Host that is not allowed
        request.META["HTTP_HOST"] = self.host
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        return self.get_response(request)
