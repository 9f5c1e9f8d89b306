"""/healthz and `manage.py search_health` with the engine configured."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from search.backends.engine import EngineBackend
from tests.search.engine import corpus
from tests.search.engine.fixtures import configure_engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_configured(settings, engine_backend):
    settings.SEARCH_BACKEND = "elasticsearch"
    engine_backend.index(corpus.ALL)
    return engine_backend


def test_healthz_ok_with_the_engine_up(client, engine_configured):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    search = body["search"]
    assert search["status"] == "ok"
    assert search["backend"] == "elasticsearch"
    assert search["engine"]["documents"] == len(corpus.ALL)
    assert search["fallback"] == "database"


def test_healthz_degraded_when_the_engine_is_stopped(client, settings, disposable_osmem):
    settings.SEARCH_BACKEND = "elasticsearch"
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    EngineBackend().index(corpus.ALL)
    assert client.get("/healthz").json()["search"]["status"] == "ok"
    disposable_osmem.process.kill()
    disposable_osmem.process.wait()

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["status"] == "ok"
    assert body["search"]["status"] == "degraded"
    assert body["search"]["engine"]["status"] == "error"
    assert body["search"]["fallback"] == "database"


def test_healthz_degraded_before_the_first_rebuild(client, settings, engine_backend):
    settings.SEARCH_BACKEND = "elasticsearch"
    search = client.get("/healthz").json()["search"]
    assert search["status"] == "degraded"
    assert "search_rebuild" in search["engine"]["detail"]


def test_healthz_degraded_when_the_engine_url_is_missing(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"]["status"] == "degraded"


def test_search_health_command_prints_the_engine(engine_configured):
    out = io.StringIO()
    call_command("search_health", stdout=out)
    text = out.getvalue()
    assert "elasticsearch" in text
    assert engine_configured.alias in text
    assert f"documents: {len(corpus.ALL)}" in text


def test_search_health_command_fails_when_the_engine_is_down(settings, disposable_osmem):
    settings.SEARCH_BACKEND = "elasticsearch"
    configure_engine(settings, disposable_osmem.url, "opensearch", timeout=0.5)
    disposable_osmem.process.kill()
    disposable_osmem.process.wait()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_health", stdout=out)
    assert "degraded" in out.getvalue()
