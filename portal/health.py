"""/healthz: one JSON document with the status of the database, cache and search backend."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.health import search_status


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # reported, never raised: health must answer
        return {"status": "error", "vendor": connection.vendor, "detail": type(exc).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def cache_status() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        if hasattr(cache, "ping"):  # ResilientRedisCache swallows errors of set/get: ask Redis
            cache.ping()
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        return {"status": "error", "detail": type(exc).__name__}
    return {"status": "ok" if ok else "error"}


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_status(), "cache": cache_status(), "search": search_status()}
    if checks["database"]["status"] != "ok":
        status, code = "error", 503
    elif any(check["status"] != "ok" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)
