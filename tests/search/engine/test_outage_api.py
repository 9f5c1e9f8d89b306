"""The engine stopped under the public API: answers from the database that say so, /healthz
degraded, and the engine answering again once it is back and rebuilt."""

from __future__ import annotations

import pytest

from search import service
from tests.search.engine import corpus
from tests.search.engine.fixtures import configure_engine

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/?q=%E6%B3%B0%E5%AE%81"  # 泰宁


@pytest.fixture
def engine_site(settings, disposable_osmem):
    settings.SEARCH_BACKEND = "elasticsearch"
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    settings.SEARCH_ENGINE_RETRY_SECONDS = 0  # try the engine again on the next request
    service.get_backend().rebuild(corpus.ALL)  # the engine and the database index
    return disposable_osmem


def test_engine_killed_then_back_through_the_api(client, engine_site):
    up = client.get(SEARCH).json()
    assert (up["backend"], up["degraded"]) == ("elasticsearch", False)
    port = engine_site.url.rsplit(":", 1)[1].rstrip("/")
    engine_site.process.kill()
    engine_site.process.wait()

    down = client.get(SEARCH)
    assert down.status_code == 200
    assert (down.json()["backend"], down.json()["degraded"]) == ("database", True)
    assert corpus.TAINING_CENTRE.title in [r["title"] for r in down.json()["results"]]
    assert client.get("/api/v1/map/clusters/?bbox=116,26,118,28&zoom=9").status_code == 200
    health = client.get("/healthz").json()
    assert (health["status"], health["search"]["status"]) == ("degraded", "degraded")

    back = type(engine_site).start(freeze=False, japanese=False, addr=f"127.0.0.1:{port}")
    try:
        service.get_backend().rebuild(corpus.ALL)  # what the operator runs: search_rebuild
        again = client.get(SEARCH).json()
        assert (again["backend"], again["degraded"]) == ("elasticsearch", False)
        assert client.get("/healthz").json()["search"]["status"] == "ok"
    finally:
        back.close()
