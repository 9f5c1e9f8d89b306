import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections

from portal.cache import AtomicDatabaseCache

TABLE = "portal_cache_atomic_test"


@pytest.fixture
def backend(settings):
    """The embedded cache on its own table, created even when the suite runs on Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "atomic": {"BACKEND": "portal.cache.AtomicDatabaseCache", "LOCATION": TABLE},
    }
    call_command("createcachetable", "--database", "default", verbosity=0)
    return AtomicDatabaseCache(TABLE, {})


@pytest.mark.django_db
def test_the_embedded_cache_increments_and_refuses_missing_keys(backend):
    backend.set("n", 5)
    assert backend.incr("n") == 6
    assert backend.incr("n", 10) == 16
    assert backend.decr("n") == 15
    assert backend.get("n") == 15
    with pytest.raises(ValueError):
        backend.incr("missing")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_concurrent_increments_are_not_lost(backend):
    backend.set("hits", 0)

    def hit():
        try:
            for _ in range(20):
                backend.incr("hits")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert backend.get("hits") == 80


def test_the_default_cache_is_one_django_ratelimit_accepts(settings):
    from django_ratelimit.checks import KNOWN_BROKEN_CACHE_BACKENDS

    assert settings.CACHES["default"]["BACKEND"] not in KNOWN_BROKEN_CACHE_BACKENDS
    assert cache is not None
