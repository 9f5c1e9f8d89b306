"""How allauth's e-mails name the portal and link to it: the portal's name, not the host the
request happened to use ("来自127.0.0.1:8765的 Hello!"), and every absolute link on
SITE_BASE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def portal_name() -> str:
    """The portal's name in the active language (e-mail subjects and greetings)."""
    return str(settings.WAGTAIL_SITE_NAME)


class PortalSite:
    """What allauth's e-mail templates read as ``current_site``: the portal's name and the
    host of SITE_BASE_URL."""

    @property
    def name(self) -> str:
        return portal_name()

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_BASE_URL).netloc


def rebase(value, origin: str | None):
    """An absolute link built from the request's origin, moved onto SITE_BASE_URL."""
    if origin and isinstance(value, str) and value.startswith(origin + "/"):
        return settings.SITE_BASE_URL + value[len(origin) :]
    return value


def portal_context(request, context: dict) -> dict:
    """An e-mail's template context with the portal as its site and its links rebased."""
    origin = f"{request.scheme}://{request.get_host()}" if request is not None else None
    result = {key: rebase(value, origin) for key, value in context.items()}
    result["current_site"] = PortalSite()
    result["site_base_url"] = settings.SITE_BASE_URL
    return result
