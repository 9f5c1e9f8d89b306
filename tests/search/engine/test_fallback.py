"""When the engine is down or hung, the database answers, says so, and nothing breaks."""

from __future__ import annotations

import os
import signal
import time

import pytest

from search.backends.engine import EngineBackend
from search.clusters import grid_clusters
from search.contract import BackendUnavailable, ClusterQuery, SearchQuery
from search.fallback import CircuitBreaker, FallbackBackend, clear_needs_rebuild, needs_rebuild
from tests.search.engine import corpus
from tests.search.engine.fixtures import configure_engine

pytestmark = pytest.mark.django_db  # the rebuild mark lives in the cache (a table on SQLite)


@pytest.fixture(autouse=True)
def forget_rebuild_marks(settings):
    """Redis outlives the test: leave no rebuild mark behind (SQLite's cache table rolls back)."""
    yield
    clear_needs_rebuild(settings.SEARCH_INDEX_PREFIX)


@pytest.fixture
def guarded(disposable_osmem, settings, fallback_database):
    """An engine on a server of this test's own, with the database behind it."""
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    backend = FallbackBackend(EngineBackend(), fallback_database, CircuitBreaker(retry_after=60))
    backend.index(corpus.ALL)
    return backend


def hang(server):
    """Stop the process (SIGSTOP): it still accepts connections but never answers."""
    os.kill(server.process.pid, signal.SIGSTOP)
    for _ in range(200):  # the signal reaches every thread of the server shortly
        with open(f"/proc/{server.process.pid}/status") as status:
            if "\tT (stopped)" in status.read():
                return
        time.sleep(0.01)


def stop(server):
    server.process.kill()
    server.process.wait()


def test_the_engine_answers_while_it_is_up(guarded):
    result = guarded.search(SearchQuery(text="taining", types=("service_point",)))
    assert (result.backend, result.degraded) == ("elasticsearch", False)
    assert result.hits[0].document == corpus.TAINING_CENTRE


def test_engine_stopped_mid_test_the_database_answers_and_says_so(guarded, disposable_osmem):
    assert guarded.search(SearchQuery(text="泰宁")).degraded is False
    stop(disposable_osmem)

    result = guarded.search(SearchQuery(text="泰宁"))

    assert result.degraded is True
    assert result.backend == "database"
    assert corpus.TAINING_CENTRE.key in [hit.document.key for hit in result.hits]
    view = ClusterQuery(bbox=(116.9, 26.7, 117.4, 27.1), zoom=16)
    # The database side clusters the directory's public points (search/clusters.py).
    assert guarded.clusters(view) == grid_clusters(view)


def test_a_hung_engine_costs_one_timeout_then_the_breaker_skips_it(guarded, disposable_osmem):
    hang(disposable_osmem)
    calls = []
    original = guarded.engine.search
    guarded.engine.search = lambda query: (calls.append(query), original(query))[1]

    first = guarded.search(SearchQuery(text="泰宁"))
    second = guarded.search(SearchQuery(text="马尾"))

    assert first.degraded and second.degraded
    assert len(calls) == 1, "the open breaker must keep the second query away from the engine"
    assert guarded.breaker.is_open
    assert "ConnectionTimeout" in guarded.breaker.last_failure


def test_the_engine_backend_itself_raises_backend_unavailable(disposable_osmem, settings):
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    engine = EngineBackend()
    engine.index([corpus.TAINING_CENTRE])
    stop(disposable_osmem)
    with pytest.raises(BackendUnavailable) as raised:
        engine.search(SearchQuery(text="泰宁"))
    assert "ConnectionError" in str(raised.value)
    assert engine.health()["status"] == "error"


def test_writes_while_the_engine_is_down_reach_the_database_and_mark_a_rebuild(
    guarded, disposable_osmem
):
    stop(disposable_osmem)
    renamed = corpus.point(
        7, "将乐县儿童关爱服务站", "township", "350428100", "350400", 26.72, 117.47
    )

    assert guarded.index([renamed]) == 1  # no exception: the admin save goes through
    assert needs_rebuild(guarded.prefix)["reason"] == "index of 1 documents"
    assert guarded.remove("service_point", ["3"]) == 1
    assert needs_rebuild(guarded.prefix)["reason"] == "removal of 1 service_point documents"

    result = guarded.search(SearchQuery(text="将乐县"))
    assert result.degraded
    assert [hit.document.key for hit in result.hits] == [renamed.key]


def test_the_engine_is_tried_again_after_the_wait_and_a_rebuild_clears_the_mark(
    disposable_osmem, settings, fallback_database
):
    now = [0.0]
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    breaker = CircuitBreaker(retry_after=30, clock=lambda: now[0])
    guarded = FallbackBackend(EngineBackend(), fallback_database, breaker)
    guarded.index(corpus.ALL)
    hang(disposable_osmem)
    assert guarded.search(SearchQuery(text="泰宁")).degraded
    guarded.index([corpus.MAWEI_CENTRE])  # skipped by the open breaker, marked
    assert needs_rebuild(guarded.prefix)

    os.kill(disposable_osmem.process.pid, signal.SIGCONT)
    now[0] = 10
    assert guarded.search(SearchQuery(text="泰宁")).degraded  # still waiting
    now[0] = 31
    assert guarded.search(SearchQuery(text="泰宁")).degraded is False
    assert not breaker.is_open

    assert guarded.health()["status"] == "degraded"  # the engine missed a write
    guarded.rebuild(corpus.ALL)
    assert needs_rebuild(guarded.prefix) is None
    assert guarded.health()["status"] == "ok"


def test_a_bug_in_the_engine_backend_still_gets_an_answer(guarded, monkeypatch):
    def broken(query):
        raise KeyError("hits")

    monkeypatch.setattr(guarded.engine, "search", broken)
    result = guarded.search(SearchQuery(text="泰宁"))
    assert result.degraded and result.backend == "database"


def test_rebuild_reports_an_engine_failure_after_rebuilding_the_database(guarded, disposable_osmem):
    stop(disposable_osmem)
    with pytest.raises(BackendUnavailable):
        guarded.rebuild([corpus.MAWEI_CENTRE])
    assert guarded.database.search(SearchQuery()).count == 1
    assert needs_rebuild(guarded.prefix)["reason"] == "rebuild failed"
