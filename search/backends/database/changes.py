"""The index's version in the shared cache: how a process learns that another one wrote.

Every committed write of the backend bumps ``INDEX_VERSION_KEY``; the facet map and the match
cache of each process compare it with the version they have read and start again when it moved
(a row deleted by another process must not be counted).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction

INDEX_VERSION_KEY = "search:index:version"

log = logging.getLogger(__name__)
_cache_warned = False


def index_version():
    """The version last recorded (None when the cache is unavailable or has none)."""
    try:
        return cache.get(INDEX_VERSION_KEY)
    except Exception:  # a cache outage must not break search: deletions elsewhere go unseen
        global _cache_warned
        if not _cache_warned:
            _cache_warned = True
            log.warning("search: cache unavailable, index version unknown", exc_info=True)
        return None


def index_changed() -> None:
    """Tell every process's facet map, once the write commits, that rows may have gone."""

    def bump() -> None:
        try:
            cache.add(INDEX_VERSION_KEY, 0, None)
            cache.incr(INDEX_VERSION_KEY)
        except Exception:
            log.warning("search: could not record an index change", exc_info=True)

    transaction.on_commit(bump)
