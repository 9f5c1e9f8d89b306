"""The portal's cache backends: a database-table cache whose ``incr`` is atomic, so rate limits
hold without Redis, and a Redis cache that keeps the site up when Redis stops.

Atomic database cache:
Django's ``DatabaseCache.incr`` reads the value and writes it back in two statements: two
requests at once can both read 4 and both write 5, and a rate limit then lets one request too
many through. django-ratelimit refuses that backend (check E003). Here the read and the write
happen in one transaction holding the row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
takes its single write lock at ``BEGIN IMMEDIATE``, see ``database_from_url``), so concurrent
increments serialise. Values stay in Django's pickled format, so every other cache call works
unchanged.
"""

from __future__ import annotations

import base64
import logging
import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic ``incr``/``decr`` (the embedded default)."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, key])
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)


# Errors that mean "the cache server is not there", as opposed to a bug in the caller (one list
# with the rate limits', which refuse a POST when they see one of these).
from accounts.ratelimits import CACHE_UNAVAILABLE  # noqa: E402

_log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that treats an unreachable Redis as an empty cache for reading.

    With Redis stopped, every ``get`` is a miss and every ``set``/``delete`` is dropped (logged),
    so pages, APIs, Wagtail's site lookup and the map keep answering: the cache only ever makes
    them faster. Counters are different: ``add``, ``incr`` and ``decr`` still raise, because a
    rate limit that silently counts nothing is no limit. ``accounts.ratelimits`` catches that
    and refuses the sign-up or sign-in (fails closed); /healthz reports the cache as down.
    """

    def _quiet(self, operation: str, call, default=None):
        try:
            return call()
        except CACHE_UNAVAILABLE as exc:
            _log.warning("cache unavailable during %s: %s", operation, exc)
            return default

    def get(self, key, default=None, version=None):
        return self._quiet(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._quiet(
            "get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._quiet(
            "has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._quiet(
            "set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version)
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._quiet(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )
        return []

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quiet(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._quiet(
            "delete", lambda: super(ResilientRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys, version=None):
        self._quiet(
            "delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version)
        )

    def ping(self) -> None:
        """Raise unless Redis answers (for /healthz: a swallowed ``set`` proves nothing)."""
        self._cache.get_client(write=True).ping()
