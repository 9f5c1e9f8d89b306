"""Recent long match lists kept in this process (the backend's second cache, beside the facet
map)."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable

from .changes import index_version


class MatchCache:
    """The ids of recent full-text matches that were many (> ``RARE_BOUND``), in this process,
    with what was derived from them (the ids a filter keeps, their facets).

    A word in most rows (儿童之家 is in every village home) cannot be listed quickly: 0.3 s on
    SQLite and 0.9 s on PostgreSQL at 700k rows, however the query is narrowed by distance or a
    city; filtering and counting facets over such a list costs another 0.1-0.2 s. Such words are
    few and asked again and again, so their lists are kept (8 bytes an id) until the index
    changes, as a search engine keeps its filter caches. Bounded by the ids held.
    """

    MAX_IDS = 2_000_000  # 16 MB

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # match -> (its ids, {derivation key: ids (array) or facets})
        self._lists: dict[str, tuple[array, dict]] = {}
        self._version = None

    def clear(self) -> None:
        with self._lock:
            self._lists.clear()

    def get(self, match: str) -> list[int] | None:
        version = index_version()
        with self._lock:
            if version != self._version:
                self._lists.clear()
                self._version = version
            found = self._lists.get(match)
            if found is None:
                return None
            self._lists[match] = self._lists.pop(match)  # most recently used last
            return found[0].tolist()

    def put(self, match: str, ids: list[int]) -> None:
        with self._lock:
            self._lists[match] = (array("q", ids), {})
            self._trim()

    def derived(self, match: str, key: tuple, compute: Callable[[], list[int] | dict]):
        """``compute()``, kept with ``match``'s list while it is (a fresh copy each time)."""
        with self._lock:
            entry = self._lists.get(match)
            value = entry[1].get(key) if entry is not None else None
        if value is None:
            value = compute()
            with self._lock:
                entry = self._lists.get(match)
                if entry is not None:
                    entry[1][key] = array("q", value) if isinstance(value, list) else value
                    self._trim()
            return value
        if isinstance(value, array):
            return value.tolist()
        return {name: dict(counts) for name, counts in value.items()}

    def _trim(self) -> None:
        def held(entry) -> int:
            return len(entry[0]) + sum(len(v) for v in entry[1].values() if isinstance(v, array))

        while sum(held(e) for e in self._lists.values()) > self.MAX_IDS and len(self._lists) > 1:
            del self._lists[next(iter(self._lists))]


MATCHES = MatchCache()
