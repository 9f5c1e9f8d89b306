"""Content-Security-Policy: one strict policy for the whole site, a wider one for /admin/ only.

The policy itself is in settings (``CONTENT_SECURITY_POLICY``, built by ``public_policy``);
django-csp writes the header. No page of ours runs inline script or carries a style attribute;
the one inline ``<style>`` (the brand colours in base.html) carries the request's nonce.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


def tile_source(tile_url: str) -> str | None:
    """The CSP source that allows a Leaflet tile URL template's images, or None.

    ``https://t{s}.tianditu.gov.cn/...`` becomes ``https://*.tianditu.gov.cn``: a CSP wildcard
    stands for whole leftmost labels, so every label up to the last templated one goes.
    """
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "a"))
    original = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None  # relative: served by us, covered by 'self'
    labels = (original.netloc.rsplit("@", 1)[-1]).split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label]
    if templated:
        labels = ["*", *labels[templated[-1] + 1 :]]
    return f"{parts.scheme}://{'.'.join(labels)}"


def public_policy(tile_url: str) -> dict:
    """django-csp's CONTENT_SECURITY_POLICY for every page."""
    images = [SELF, "data:"]
    tiles = tile_source(tile_url)
    if tiles:
        images.append(tiles)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, NONCE],
            "img-src": images,
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
            "frame-src": [NONE],
        }
    }


# What Wagtail 8's admin needs beyond the public policy, found by tests/e2e/test_csp.py:
# - script-src 'unsafe-inline': its date, time and date-time widgets and its inline panels
#   (InlinePanel, MultipleChooserPanel) start themselves with an inline <script>;
# - style-src 'unsafe-inline': its JavaScript and a few templates set style attributes;
# - img-src blob:: previews of images chosen for upload;
# - frame-src and frame-ancestors 'self': the page editor's live preview panel is a frame of
#   the admin showing an admin URL.
# Only under /admin/, which only signed-in staff with TOTP reach (volunteer/middleware.py).
ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's additions for paths under /admin/."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            replace = dict(parts.replace or {})
            for directive, sources in ADMIN_REPLACEMENTS.items():
                replace[directive] = sources
            public_images = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
            replace["img-src"] = [*public_images, "blob:"]
            parts.replace = replace
        return parts
