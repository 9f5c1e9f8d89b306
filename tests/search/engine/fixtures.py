"""Search-engine fixtures, loaded for the whole suite (``pytest_plugins`` in tests/conftest.py).

- ``osmem``: osmem-server (the in-memory OpenSearch stand-in) on a free port, for the session.
- ``engine_endpoint``: ``(url, client)``: ``ELASTICSEARCH_URL`` (with ``SEARCH_ENGINE_CLIENT``)
  when set, so the same tests run unchanged against a real cluster; else the ``osmem`` server.
- ``engine_backend``: an ``EngineBackend`` with a fresh, environment-prefixed index name per test,
  configured through settings so ``EngineBackend()`` and ``search.service`` see the same engine;
  its indexes are deleted afterwards.
- ``disposable_osmem``: a server of the test's own, which the test may stop or freeze.

osmem-server is a dev requirement: in CI (``CI`` set) a missing install fails instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid

import pytest

from search.backends.engine import EngineBackend
from search.fallback import reset_breakers


def _osmem_server_class():
    try:
        from osmem_server import OsmemServer
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("osmem-server is not installed: pip install -r requirements-dev.txt")
        pytest.skip("osmem-server is not installed (pip install -r requirements-dev.txt)")
    return OsmemServer


@pytest.fixture(scope="session")
def osmem():
    """osmem-server on a free loopback port (``addr`` port 0), stopped after the session."""
    server = _osmem_server_class().start(freeze=False, japanese=False)
    yield server
    server.close()


@pytest.fixture
def disposable_osmem():
    """A server for one test, which it may stop (``kill``) or hang (``SIGSTOP``)."""
    server = _osmem_server_class().start(freeze=False, japanese=False)
    yield server
    with contextlib.suppress(ProcessLookupError):
        os.kill(server.process.pid, signal.SIGCONT)
    server.close(grace=1)


@pytest.fixture(scope="session")
def engine_endpoint(request) -> tuple[str, str]:
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        return url, os.environ.get("SEARCH_ENGINE_CLIENT", "elasticsearch")
    # The elasticsearch client's compatibility headers are refused by osmem: use opensearch-py.
    return request.getfixturevalue("osmem").url, "opensearch"


def configure_engine(settings, url: str, client: str, timeout: float = 10.0) -> str:
    """Point the settings at an engine with a prefix of this test's own; returns the prefix."""
    prefix = f"fulei-test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_ENGINE_CLIENT = client
    settings.SEARCH_INDEX_PREFIX = prefix
    settings.SEARCH_ENGINE_TIMEOUT = timeout
    reset_breakers()
    return prefix


@pytest.fixture
def engine_backend(engine_endpoint, settings):
    url, client = engine_endpoint
    configure_engine(settings, url, client)
    backend = EngineBackend()
    yield backend
    with contextlib.suppress(Exception):
        backend.drop()
    reset_breakers()
