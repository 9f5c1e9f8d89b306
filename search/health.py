"""Health of the configured search backend, for /healthz."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


def search_status() -> dict:
    """The configured backend's status: ``ok``, ``degraded`` (the engine is down and the database
    answers for it) or ``error``. Never raises."""
    backend = settings.SEARCH_BACKEND
    if backend == "elasticsearch":
        return engine_status()
    try:
        get_search_backend().search("福蕾", Page.objects.live()).count()
    except Exception as exc:  # any backend failure is a status to report, not a crash
        return {"backend": backend, "status": "error", "detail": type(exc).__name__}
    return {"backend": backend, "status": "ok"}


def engine_status() -> dict:
    """The engine's health and the fallback that answers while the engine is not ok."""
    from search.backends.engine import EngineBackend
    from search.fallback import breaker_for, guarded_health

    try:
        engine = EngineBackend()
        return guarded_health(engine, breaker_for(engine.url, engine.prefix), "database")
    except Exception as exc:  # misconfiguration is reported, never raised
        return {
            "backend": "elasticsearch",
            "status": "degraded",
            "engine": {"backend": "elasticsearch", "status": "error", "detail": type(exc).__name__},
            "fallback": "database",
        }
