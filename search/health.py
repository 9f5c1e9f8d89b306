"""Health of the configured search backend, for /healthz."""

from __future__ import annotations

from search.service import get_backend


def search_status() -> dict:
    """Ask the configured backend; report its name and whether it answered. Never raises."""
    try:
        return get_backend().health()
    except Exception as exc:  # an unknown or broken backend is a status to report, not a crash
        return {"backend": "unknown", "status": "error", "detail": type(exc).__name__}
