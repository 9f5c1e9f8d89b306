"""Health of the configured search backend, for /healthz."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


def search_status() -> dict:
    """Run a trivial query on the backend; report its name and whether it answered."""
    backend = settings.SEARCH_BACKEND
    try:
        get_search_backend().search("福蕾", Page.objects.live()).count()
    except Exception as exc:  # any backend failure is a status to report, not a crash
        return {"backend": backend, "status": "error", "detail": type(exc).__name__}
    return {"backend": backend, "status": "ok"}
