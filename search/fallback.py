"""The engine, with the database backend behind it: the site answers when the engine does not.

``FallbackBackend`` is what ``search.service.get_backend()`` hands out when
``SEARCH_BACKEND=elasticsearch``. Queries go to the engine; when it is down (connection refused)
or slow (the client's short ``SEARCH_ENGINE_TIMEOUT``), the database backend answers and the result
says so (``degraded=True``, ``backend="database"``). A circuit breaker then sends every query
straight to the database for ``SEARCH_ENGINE_RETRY_SECONDS``, so a hung engine costs one timeout,
not one per request. Writes always reach the database backend (it is the fallback, so it must be
current); a write the engine misses is logged and the engine is marked for a rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from search.contract import (
    BackendUnavailable,
    Cluster,
    ClusterQuery,
    SearchBackend,
    SearchDocument,
    SearchQuery,
    SearchResult,
)

log = logging.getLogger(__name__)

# For the page or API to show above results the database answered (``SearchResult.degraded``).
DEGRADED_NOTICE = _(
    "Search is running in a simpler mode for the moment: some results may be missing or ranked "
    "differently."
)

NEEDS_REBUILD_KEY = "search:engine:needs-rebuild:{prefix}"


class CircuitBreaker:
    """Closed: try the engine. Open after a failure: skip it until ``retry_after`` seconds pass.

    Once the wait is over one request (only one, even under concurrency) tries the engine again:
    success closes the breaker, failure opens it for another wait.
    """

    def __init__(self, retry_after: float, clock: Callable[[], float] = time.monotonic):
        self.retry_after = retry_after
        self.clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self.last_failure: str = ""

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open_until is not None and self.clock() < self._open_until

    def allow(self) -> bool:
        with self._lock:
            if self._open_until is None:
                return True
            now = self.clock()
            if now < self._open_until:
                return False
            # The trial request: the others keep skipping the engine while it runs.
            self._open_until = now + self.retry_after
            return True

    def record_success(self) -> None:
        with self._lock:
            self._open_until = None
            self.last_failure = ""

    def record_failure(self, reason: str) -> None:
        with self._lock:
            self._open_until = self.clock() + self.retry_after
            self.last_failure = reason


# One breaker per engine (URL + index prefix) per process: every request builds its own backend
# object, but they must share what they learnt about the engine.
_breakers: dict[tuple[str, str], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str, prefix: str, retry_after: float | None = None) -> CircuitBreaker:
    with _breakers_lock:
        key = (url, prefix)
        if key not in _breakers:
            wait = settings.SEARCH_ENGINE_RETRY_SECONDS if retry_after is None else retry_after
            _breakers[key] = CircuitBreaker(wait)
        return _breakers[key]


def reset_breakers() -> None:
    """Forget every engine failure (tests; an operator after fixing the engine)."""
    with _breakers_lock:
        _breakers.clear()


def mark_needs_rebuild(prefix: str, reason: str) -> None:
    """Remember that the engine missed a write; ``search_health`` and /healthz show it."""
    try:
        cache.set(
            NEEDS_REBUILD_KEY.format(prefix=prefix),
            {"since": datetime.now(UTC).isoformat(), "reason": reason},
            None,
        )
    except Exception:  # the cache may be down too: the log line below still records it
        log.exception("could not record that the search engine needs a rebuild")
    log.warning("search engine missed a write (%s): run manage.py search_rebuild", reason)


def needs_rebuild(prefix: str) -> dict | None:
    try:
        return cache.get(NEEDS_REBUILD_KEY.format(prefix=prefix))
    except Exception:
        return None


def clear_needs_rebuild(prefix: str) -> None:
    try:
        cache.delete(NEEDS_REBUILD_KEY.format(prefix=prefix))
    except Exception:
        log.exception("could not clear the search engine's rebuild mark")


class FallbackBackend(SearchBackend):
    """The engine backend, answered for by the database backend when the engine fails."""

    def __init__(
        self,
        engine: SearchBackend,
        database: SearchBackend,
        breaker: CircuitBreaker | None = None,
    ):
        self.engine = engine
        self.database = database
        self.name = engine.name
        self.prefix = getattr(engine, "prefix", "")
        self.breaker = breaker or breaker_for(getattr(engine, "url", ""), self.prefix)

    def _engine_failed(self, doing: str, exc: Exception) -> None:
        reason = f"{doing}: {exc}"
        self.breaker.record_failure(reason)
        if isinstance(exc, BackendUnavailable):
            log.warning("search engine unavailable, answering from the database (%s)", reason)
        else:  # a bug in the engine backend, not an outage: keep the traceback
            log.exception("search engine failed, answering from the database (%s)", doing)

    def _ask_engine(self, doing: str, call: Callable[[], object]) -> tuple[bool, object]:
        if not self.breaker.allow():
            return False, None
        try:
            answer = call()
        except Exception as exc:  # whatever the engine does, the site must answer
            self._engine_failed(doing, exc)
            return False, None
        self.breaker.record_success()
        return True, answer

    # -- reads: engine first --------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        ok, result = self._ask_engine("search", lambda: self.engine.search(query))
        if ok:
            return result  # type: ignore[return-value]
        answer = self.database.search(query)
        return replace(answer, backend=self.database.name, degraded=True)

    def clusters(self, query: ClusterQuery) -> list[Cluster]:
        ok, clusters = self._ask_engine("clusters", lambda: self.engine.clusters(query))
        if ok:
            return clusters  # type: ignore[return-value]
        return self.database.clusters(query)

    # -- writes: database always, engine when it can --------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        documents = list(documents)
        written = self.database.index(documents)
        ok, _ = self._ask_engine("index", lambda: self.engine.index(documents))
        if not ok:
            mark_needs_rebuild(self.prefix, f"index of {len(documents)} documents")
        return written

    def remove(self, doc_type: str, ids: Iterable[str]) -> int:
        ids = list(ids)
        removed = self.database.remove(doc_type, ids)
        ok, _ = self._ask_engine("remove", lambda: self.engine.remove(doc_type, ids))
        if not ok:
            mark_needs_rebuild(self.prefix, f"removal of {len(ids)} {doc_type} documents")
        return removed

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Rebuild both; raises BackendUnavailable when the engine part fails (after the database
        part is done), so ``search_rebuild`` can say so and exit non-zero."""
        documents = list(documents)
        self.database.rebuild(documents)
        try:
            written = self.engine.rebuild(documents)
        except Exception as exc:
            self._engine_failed("rebuild", exc)
            mark_needs_rebuild(self.prefix, "rebuild failed")
            raise BackendUnavailable(f"engine rebuild failed: {exc}") from exc
        self.breaker.record_success()
        clear_needs_rebuild(self.prefix)
        return written

    # -- health ---------------------------------------------------------------------------------

    def health(self) -> dict:
        """The engine's health, with the fallback that answers while it is not ok."""
        return guarded_health(self.engine, self.breaker, self.database.name)


def guarded_health(engine: SearchBackend, breaker: CircuitBreaker, fallback: str) -> dict:
    """{"backend", "status": ok | degraded, "engine": {...}, "fallback"[, "needs_rebuild"]}.

    ``degraded`` while the engine is not ok (the database answers queries) or missed writes.
    """
    if breaker.is_open:
        # Known down (a request failed moments ago): report without a timeout per /healthz call.
        report = {
            "backend": engine.name,
            "status": "error",
            "detail": breaker.last_failure or "unavailable",
        }
    else:
        report = engine.health()
        if report.get("status") == "ok":
            breaker.record_success()
        else:
            breaker.record_failure(f"health: {report.get('detail', 'error')}")
    rebuild = needs_rebuild(getattr(engine, "prefix", ""))
    result = {
        "backend": engine.name,
        "status": "ok" if report.get("status") == "ok" and not rebuild else "degraded",
        "engine": report,
        "fallback": fallback,
    }
    if rebuild:
        result["needs_rebuild"] = rebuild
    return result


def database_backend() -> SearchBackend:
    """The database backend (``search.backends.BACKENDS["database"]``)."""
    from search.backends import BACKENDS

    return import_string(BACKENDS["database"])()


def engine_with_fallback() -> FallbackBackend:
    """The configured engine guarded by the database backend: ``get_backend()`` for
    ``SEARCH_BACKEND=elasticsearch``."""
    from search.backends.engine import EngineBackend

    return FallbackBackend(EngineBackend(), database_backend())
