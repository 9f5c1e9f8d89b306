"""Health of the configured search backend, for /healthz."""

from __future__ import annotations

from django.conf import settings

from search.service import get_backend


def search_status() -> dict:
    """The configured backend's status: ``ok``, ``degraded`` (the engine is down and the database
    answers for it) or ``error``. Never raises."""
    if settings.SEARCH_BACKEND == "elasticsearch":
        return engine_status()
    try:
        return get_backend().health()
    except Exception as exc:  # an unknown or broken backend is a status to report, not a crash
        return {"backend": "unknown", "status": "error", "detail": type(exc).__name__}


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
