"""Facet counts and filter tests from each row's values held in this process (the facet map)."""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Callable

import numpy as np
from django.db import connection

from search.contract import SearchQuery

from .changes import index_version
from .dialect import TABLE, dialect


def division_prefix(query: SearchQuery) -> str:
    return (query.division or "").replace("%", "").replace("_", "")


class FacetMap:
    """Row id -> its filter and facet values, held in this process.

    The values of a row are (type, level, city, categories, division code, has a location): the
    facets are counted from them, and the type/level/division/category filters and the "has a
    place on the map" condition of ``near`` are tested on them, so a query never looks up its
    matching rows in the table to count or filter them.

    An index row is never updated in place: a changed document is deleted and written again
    under a new id (ids are never reused: AUTOINCREMENT on SQLite, a sequence on PostgreSQL).
    So what an id maps to never changes, and the map only has to learn ids above the highest it
    has read (other processes' writes included). A deleted row matters only to ``count_all``
    (the other paths count ids the database has just returned): every committed write of the
    backend bumps ``INDEX_VERSION_KEY`` in the shared cache, and a map that sees another version
    starts again (at 700k rows the first read takes ~1.5 s). Writes in this process clear it
    anyway (a test database rolled back reuses ids). Held as an array of small numbers, one per
    id (4 bytes a row: about 3 MB at 700k), each naming one of the distinct combinations (a few
    thousand: divisions times levels and categories).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.numbers = array("I")
        # 0: not read (yet), or deleted meanwhile: never kept by a filter, never counted.
        self.combinations: list[tuple] = [("", None, None, "", None, False)]
        self._number_of: dict[tuple, int] = {}
        self.read_to = 0
        self.version = None
        self._histogram: Counter | None = None

    def clear(self) -> None:
        with self._lock:
            self._reset()

    def _snapshot(self, top: int | None = None) -> tuple[array, list[tuple]]:
        """The numbers and combinations, brought up to date (ids up to ``top`` known; all of
        them with None)."""
        with self._lock:
            version = index_version()
            if version != self.version and (self.read_to or self.version is not None):
                self._reset()
            self.version = version
            if top is None or top > self.read_to:
                self._read()
            if top is not None and top >= len(self.numbers):  # deleted meanwhile
                self.numbers.frombytes(bytes(self.numbers.itemsize * (top + 1 - len(self.numbers))))
            return self.numbers, self.combinations

    def _numbers_of(self, numbers: array, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(``ids``, the combination number of each) as arrays, gathered in C (itemgetter on
        115k ids and a Counter of them took 20 ms; numpy a few)."""
        positions = np.array(ids, dtype=np.int64)
        # Under the lock: the array is only ever grown under it, and cannot be while numpy
        # reads its buffer (the gathered numbers are a copy).
        with self._lock:
            view = np.frombuffer(numbers, dtype=np.uint32)
            gathered = view[positions]
            del view
        return positions, gathered

    def facets(self, ids: list[int]) -> dict[str, dict[str, int]]:
        """Facet counts of ``ids`` (ascending, as every caller has them)."""
        if not ids:
            return empty_facets()
        numbers, combinations = self._snapshot(ids[-1])
        return _count(_histogram(self._numbers_of(numbers, ids)[1]), combinations)

    def select(self, ids: list[int], keep: Callable[[tuple], bool]) -> list[int]:
        """The ids (ascending) whose values pass ``keep``."""
        if not ids:
            return []
        numbers, combinations = self._snapshot(ids[-1])
        allowed = np.fromiter(
            (bool(n) and keep(c) for n, c in enumerate(combinations)),
            dtype=bool,
            count=len(combinations),
        )
        positions, gathered = self._numbers_of(numbers, ids)
        return positions[allowed[gathered]].tolist()

    def count_all(
        self, keep: Callable[[tuple], bool] | None
    ) -> tuple[int, dict[str, dict[str, int]]]:
        """(count, facets) of every row of the index that passes ``keep``."""
        numbers, combinations = self._snapshot()
        with self._lock:
            if self._histogram is None:
                self._histogram = Counter(numbers)  # in C: ~40 ms at 700k, then kept
            histogram = self._histogram
        kept = Counter(
            {n: k for n, k in histogram.items() if n and (keep is None or keep(combinations[n]))}
        )
        return sum(kept.values()), _count(kept, combinations)

    def _read(self) -> None:
        """Learn the ids above ``read_to`` (the first call reads the whole table, once)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {TABLE}")
            top = cursor.fetchone()[0] or 0
            if top <= self.read_to:
                return
            if top + 1 > len(self.numbers):
                self.numbers.frombytes(bytes(self.numbers.itemsize * (top + 1 - len(self.numbers))))
            source = dialect().facet_source(first_read=self.read_to == 0)
            cursor.execute(
                "SELECT id, doc_type, level, city_code, categories, division_code, "
                f"lat IS NOT NULL FROM {source} WHERE id > %s AND id <= %s",
                [self.read_to, top],
            )
            numbers, number_of, combinations = self.numbers, self._number_of, self.combinations
            while chunk := cursor.fetchmany(10_000):
                for row in chunk:
                    values = (*row[1:6], bool(row[6]))
                    number = number_of.get(values)
                    if number is None:
                        number = number_of[values] = len(combinations)
                        combinations.append(values)
                    numbers[row[0]] = number
            self.read_to = top
            self._histogram = None


FACET_MAP = FacetMap()


def filter_key(query: SearchQuery) -> tuple:
    """What ``keep_test`` tests, as a key."""
    division = division_prefix(query) if query.division else None
    located = bool(query.near or query.bbox)
    return (tuple(sorted(query.types)), query.level, division, query.category, located)


def keep_test(query: SearchQuery) -> Callable[[tuple], bool] | None:
    """The query's type/level/division/category filters (and ``near``'s "has a location") as a
    test of a row's values in ``FacetMap``; None when there is nothing to test."""
    types = frozenset(query.types)
    level, category = query.level, query.category
    division = division_prefix(query) if query.division else None
    located = bool(query.near or query.bbox)
    if not (types or level or division is not None or category or located):
        return None

    def keep(values: tuple) -> bool:
        doc_type, row_level, _city, categories, division_code, has_location = values
        return (
            (not types or doc_type in types)
            and (not level or row_level == level)
            and (division is None or (division_code or "").startswith(division))
            and (not category or f"|{category}|" in (categories or ""))
            and (not located or has_location)
        )

    return keep


def _histogram(numbers: np.ndarray) -> Counter:
    """How many of ``numbers`` name each combination."""
    counts = np.bincount(numbers)
    return Counter({int(n): int(counts[n]) for n in np.flatnonzero(counts)})


def _count(per_combination: Counter, combinations: list[tuple]) -> dict[str, dict[str, int]]:
    return tally((combinations[number][:4], n) for number, n in per_combination.items() if number)


def tally(groups) -> dict[str, dict[str, int]]:
    """Facet counts from ((type, level, city, "|categories|"), number of documents) pairs."""
    counters = {name: Counter() for name in ("type", "level", "city", "category")}
    for (doc_type, level, city, categories), n in groups:
        counters["type"][doc_type] += n
        if level:
            counters["level"][level] += n
        if city:
            counters["city"][city] += n
        for category in (categories or "").split("|"):
            if category:
                counters["category"][category] += n
    return {name: dict(counter) for name, counter in counters.items()}


def empty_facets() -> dict[str, dict[str, int]]:
    return {"type": {}, "level": {}, "city": {}, "category": {}}


def facets_of(rows) -> dict[str, dict[str, int]]:
    counters = {name: Counter() for name in ("type", "level", "city", "category")}
    for row in rows:
        counters["type"][row["doc_type"]] += 1
        if row["level"]:
            counters["level"][row["level"]] += 1
        if row["city_code"]:
            counters["city"][row["city_code"]] += 1
        for category in (row["categories"] or "").split("|"):
            if category:
                counters["category"][category] += 1
    return {name: dict(counter) for name, counter in counters.items()}
