"""A database-table cache whose ``incr`` is atomic, so rate limits hold without Redis.

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
import pickle

from django.core.cache.backends.db import DatabaseCache
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
