"""Map clusters for the database backend: an in-process grid pyramid over Morton-sorted points.

Why this design (figures measured on this kind of machine, issue 4 "Scale", 700,000 points):

- an on-the-fly ``GROUP BY`` grid in SQL costs 0.3–0.9 s for a country-wide view whatever the
  index, because it reads every row: far outside "p95 within 5x of /healthz";
- a pre-aggregated grid table per zoom band answers in 9–16 ms, but every filter combination
  (4 levels x 10 categories) needs its own rows and every edit must rewrite cells in SQL;
- an in-memory supercluster-style index answers in 0.1–1.7 ms after a 6 s build.

So the index lives in memory, in each worker, as numpy arrays of the *public* points only
(public location from ``ServicePoint.public_location()``'s rule, expressed in SQL by
``ServicePointQuerySet.with_public_location()``): id, lon, lat, level and a bit mask of
categories, **sorted by a 44-bit Morton (Z-order) code** of a fine world grid (2^22 cells around
the equator, ~10 m). The trick: the Morton code of a coarser grid cell is the fine code shifted
right, so after one sort the members of *every* cell at *every* zoom band are one contiguous
slice. A band's aggregate table (count, coordinate sums, member bounds per cell) is therefore one
O(n) pass of ``np.add.reduceat``/``np.minimum.reduceat`` (~10 ms at 700k), built lazily per
(filter, band) and kept; a query reads only the cells of its viewport (row slices found with
``searchsorted``). Cells that straddle the viewport's edge are recomputed from their members'
slices so that counts are exact for the bbox (the same semantics as a bbox-filtered
``geotile_grid``). Small viewports (zoomed in) skip the tables and group the few points of the
viewport directly, found through a longitude-sorted permutation.

Grid: band ``b`` has 2^b cells around the world (cell = 360/2^b degrees in longitude and in
latitude); zoom ``z`` uses band ``z + 2``, i.e. cells of about 64 screen pixels. If a viewport
would hold more than ``MAX_CELLS`` cells (a huge bbox at a high zoom), the band is coarsened, so a
response never has more than ``MAX_CELLS`` features (and stays under 100 KB). From ``POINTS_ZOOM``
on, when the viewport holds at most ``POINT_LIMIT`` points, every point is returned on its own so
the browser's Leaflet.markercluster clusters (and spiderfies) them.

Staying correct after edits: saves, deletes and category changes of service points (and any
change of a division, whose seat is the public location of township-precision points) bump a
version counter in the shared cache, after the transaction commits, and record which points
changed. A worker compares its index version with the counter on each request: it applies the
changed points (reload those rows, re-sort: ~0.2 s at 700k) or, after a division change or a
bulk change it cannot replay, rebuilds (a few seconds at 700k; ``manage.py`` bulk writers call
``invalidate_all()``).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import transaction

from directory.models import ProjectCategory, ServiceLevel, ServicePoint

from .contract import SERVICE_POINT, Cluster, ClusterQuery

logger = logging.getLogger(__name__)

LEVELS: tuple[str, ...] = tuple(ServiceLevel.values)
CATEGORIES: tuple[str, ...] = tuple(ProjectCategory.values)

FINE_BITS = 22  # bits per axis of the finest grid
WORLD_CELLS = 1 << FINE_BITS
MAX_BAND = FINE_BITS
MAX_ZOOM = 20
# Never more than this many features in one answer (~150 bytes each: well under 100 KB).
MAX_CELLS = 400
# From this zoom on, a viewport with few points gets every point for client-side clustering.
POINTS_ZOOM = 13
POINT_LIMIT = 300
# Aggregate tables are kept up to this band (zoom 12); finer bands group viewport points directly.
TABLE_MAX_BAND = 14
# A viewport whose longitude slab holds fewer points than this is grouped directly.
DIRECT_LIMIT = 20_000

# Filtered copies of the points kept per worker (each is at most the size of the whole index).
MAX_FILTERS = 6

VERSION_KEY = "search:map:version"
CHANGE_KEY = "search:map:change:{}"
CHANGE_TTL = 24 * 3600
FULL = "all"
MAX_REPLAY = 2_000  # more changes than this since a worker's version: rebuild instead


# --- the index ------------------------------------------------------------------------------


def _spread(values: np.ndarray) -> np.ndarray:
    """Interleave zero bits into 22-bit integers (the x or y half of a Morton code)."""
    v = values.astype(np.uint64) & np.uint64(0xFFFFFFFF)
    for shift, mask in (
        (16, 0x0000FFFF0000FFFF),
        (8, 0x00FF00FF00FF00FF),
        (4, 0x0F0F0F0F0F0F0F0F),
        (2, 0x3333333333333333),
        (1, 0x5555555555555555),
    ):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def fine_cells(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = WORLD_CELLS / 360.0
    fx = np.clip(np.floor((lon + 180.0) * scale), 0, WORLD_CELLS - 1).astype(np.int64)
    fy = np.clip(np.floor((lat + 90.0) * scale), 0, WORLD_CELLS // 2 - 1).astype(np.int64)
    return fx, fy


def morton(fx: np.ndarray, fy: np.ndarray) -> np.ndarray:
    return _spread(fx) | (_spread(fy) << np.uint64(1))


def band_for_zoom(zoom: int) -> int:
    return max(1, min(MAX_BAND, zoom + 2))


def cell_range(bbox: tuple[float, float, float, float], band: int) -> tuple[int, int, int, int]:
    """(cx0, cy0, cx1, cy1): the band's cells that the bbox touches (inclusive)."""
    west, south, east, north = bbox
    cells = 2**band
    size = 360.0 / cells

    def clamp(value: float, top: int) -> int:
        return max(0, min(top, math.floor(value)))

    return (
        clamp((west + 180.0) / size, cells - 1),
        clamp((south + 90.0) / size, cells // 2 - 1),
        clamp((east + 180.0) / size, cells - 1),
        clamp((north + 90.0) / size, cells // 2 - 1),
    )


@dataclass
class Points:
    """Points sorted by Morton code (all public points, or those matching one filter)."""

    ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    level: np.ndarray  # index into LEVELS
    cats: np.ndarray  # bit i set: offers CATEGORIES[i]
    division: np.ndarray  # the division's code padded to 12 digits, for division prefixes
    fx: np.ndarray
    fy: np.ndarray
    code: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray) -> Points:
        return Points(*(getattr(self, f)[positions] for f in Points.__dataclass_fields__))


@dataclass
class BandTable:
    """One aggregate row per non-empty cell, ordered row by row (cy, then cx)."""

    key: np.ndarray  # cy << 32 | cx
    start: np.ndarray  # first member's position in the filtered Points
    end: np.ndarray
    count: np.ndarray
    sum_lon: np.ndarray
    sum_lat: np.ndarray
    min_lon: np.ndarray
    min_lat: np.ndarray
    max_lon: np.ndarray
    max_lat: np.ndarray


@dataclass
class PointIndex:
    points: Points
    version: int | None
    built_at: float = field(default_factory=time.monotonic)
    lon_order: np.ndarray | None = None  # positions sorted by longitude
    lon_sorted: np.ndarray | None = None
    _filtered: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict)
    _places: dict = field(default_factory=dict)  # masks of the search's place filters

    def __post_init__(self) -> None:
        self.lon_order = np.argsort(self.points.lon, kind="stable")
        self.lon_sorted = self.points.lon[self.lon_order]

    def __len__(self) -> int:
        return len(self.points)

    def matching(self, level: str | None, category: str | None) -> Points:
        key = (level, category)
        if key == (None, None):
            return self.points
        if key not in self._filtered:
            if len(self._filtered) >= MAX_FILTERS:
                # Bound memory: forget the oldest filter (up to 55 combinations exist).
                oldest = next(iter(self._filtered))
                del self._filtered[oldest]
                for table_key in [k for k in self._tables if k[:2] == oldest]:
                    del self._tables[table_key]
            mask = _filter_mask(self.points, level, category)
            self._filtered[key] = self.points.take(np.flatnonzero(mask))
        return self._filtered[key]

    def table(self, level: str | None, category: str | None, band: int) -> BandTable:
        key = (level, category, band)
        if key not in self._tables:
            self._tables[key] = _band_table(self.matching(level, category), band)
        return self._tables[key]


def _filter_mask(points: Points, level: str | None, category: str | None) -> np.ndarray:
    mask = np.ones(len(points), dtype=bool)
    if level is not None:
        mask &= points.level == LEVELS.index(level)
    if category is not None:
        mask &= (points.cats & (1 << CATEGORIES.index(category))) != 0
    return mask


def _band_table(points: Points, band: int) -> BandTable:
    shift = FINE_BITS - band
    n = len(points)
    if n == 0:
        empty_i = np.zeros(0, dtype=np.int64)
        empty_f = np.zeros(0, dtype=np.float64)
        return BandTable(empty_i, empty_i, empty_i, empty_i, *([empty_f] * 6))
    codes = points.code >> np.uint64(2 * shift)
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    ends = np.append(starts[1:], n)
    cx = points.fx[starts] >> shift
    cy = points.fy[starts] >> shift
    key = (cy << 32) | cx

    def reduced(ufunc, values):  # in Morton order, where members are contiguous
        return ufunc.reduceat(values, starts)

    sums_and_bounds = [
        reduced(np.add, points.lon),
        reduced(np.add, points.lat),
        reduced(np.minimum, points.lon),
        reduced(np.minimum, points.lat),
        reduced(np.maximum, points.lon),
        reduced(np.maximum, points.lat),
    ]
    order = np.argsort(key, kind="stable")  # then row by row, for viewport lookups
    return BandTable(
        key[order],
        starts[order],
        ends[order],
        (ends - starts)[order],
        *(values[order] for values in sums_and_bounds),
    )


# --- building and keeping the index current -----------------------------------------------


def load_points(ids: list[int] | None = None) -> Points:
    """Read public points (or some of them) with their public location from the database."""
    queryset = ServicePoint.objects.public().with_public_location().order_by()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    rows = list(queryset.values_list("id", "public_lon", "public_lat", "level", "division__code"))
    n = len(rows)
    level_index = {level: i for i, level in enumerate(LEVELS)}
    ids_array = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    lon = np.fromiter((r[1] for r in rows), dtype=np.float64, count=n)
    lat = np.fromiter((r[2] for r in rows), dtype=np.float64, count=n)
    level = np.fromiter((level_index.get(r[3], 0) for r in rows), dtype=np.int8, count=n)
    division = np.fromiter((_padded_code(r[4]) for r in rows), dtype=np.int64, count=n)
    del rows
    cats = np.zeros(n, dtype=np.int32)
    if n:
        order = np.argsort(ids_array)
        sorted_ids = ids_array[order]
        through = ServicePoint.categories.through.objects.order_by()
        if ids is not None:
            through = through.filter(servicepoint_id__in=ids)
        links = list(through.values_list("servicepoint_id", "servicecategory_id"))
        category_bit = {code: 1 << i for i, code in enumerate(CATEGORIES)}
        link_ids = np.fromiter((link[0] for link in links), dtype=np.int64, count=len(links))
        bits = np.fromiter(
            (category_bit.get(link[1], 0) for link in links), dtype=np.int32, count=len(links)
        )
        where = np.searchsorted(sorted_ids, link_ids)
        where = np.clip(where, 0, n - 1)
        known = sorted_ids[where] == link_ids  # links of hidden points are dropped here
        np.bitwise_or.at(cats, order[where[known]], bits[known])
    fx, fy = fine_cells(lon, lat)
    return _sorted(Points(ids_array, lon, lat, level, cats, division, fx, fy, morton(fx, fy)))


CODE_DIGITS = 12  # NBS codes: 6 (city, county), 9 (township) or 12 digits


def _padded_code(code: str | None) -> int:
    """A division code as a number with zeros to 12 digits: a code prefix is then a range
    (8 bytes a point, where the code as text took 48)."""
    return int(code.ljust(CODE_DIGITS, "0")) if code and code.isdigit() else -1


def _prefix_range(prefix: str) -> tuple[int, int]:
    low = int(prefix.ljust(CODE_DIGITS, "0"))
    return low, low + 10 ** (CODE_DIGITS - len(prefix))


def _sorted(points: Points) -> Points:
    order = np.lexsort((points.ids, points.code))  # Morton order; id breaks ties stably
    return points.take(order)


_lock = threading.Lock()
_index: PointIndex | None = None


def current_version() -> int | None:
    try:
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, 0, None)
            value = cache.get(VERSION_KEY)
        return int(value) if value is not None else None
    except Exception:  # a cache outage must not break the map; rebuild on a timer instead
        logger.warning("map clusters: cache unavailable, version unknown", exc_info=True)
        return None


def build_index(version: int | None = None) -> PointIndex:
    """Read every public point and build a fresh index (prints nothing; times itself)."""
    started = time.perf_counter()
    index = PointIndex(load_points(), version)
    # The country-wide bands without filters are what most visitors see first: build them now.
    for band in range(3, 11):
        index.table(None, None, band)
    logger.info(
        "map clusters: index of %d points built in %.2f s",
        len(index),
        time.perf_counter() - started,
    )
    return index


def _apply_changes(index: PointIndex, changed: set[int], version: int | None) -> PointIndex:
    changed_ids = np.fromiter(changed, dtype=np.int64, count=len(changed))
    keep = ~np.isin(index.points.ids, changed_ids)
    fresh = load_points(sorted(changed))
    kept = index.points.take(np.flatnonzero(keep))
    merged = Points(
        *(
            np.concatenate((getattr(kept, f), getattr(fresh, f)))
            for f in Points.__dataclass_fields__
        )
    )
    return PointIndex(_sorted(merged), version)


def _changes_between(old: int, new: int) -> set[int] | None:
    """The ids changed after version ``old`` up to ``new``; None when they cannot be replayed."""
    if new - old > MAX_REPLAY:
        return None
    keys = [CHANGE_KEY.format(v) for v in range(old + 1, new + 1)]
    try:
        found = cache.get_many(keys)
    except Exception:
        return None
    changed: set[int] = set()
    for key in keys:
        entry = found.get(key)
        if entry is None or entry == FULL:
            return None
        changed.update(entry)
        if len(changed) > MAX_REPLAY:
            return None
    return changed


STALE_WITHOUT_CACHE = 60.0  # seconds an index may serve when the cache cannot tell its version


def get_index() -> PointIndex:
    """This worker's index, brought up to date with the shared version counter."""
    global _index
    version = current_version()
    index = _index
    if index is not None and _is_current(index, version):
        return index
    with _lock:
        index = _index
        if index is not None and _is_current(index, version):
            return index
        changed = None
        if index is not None and index.version is not None and version is not None:
            changed = _changes_between(index.version, version)
        if changed is not None:
            index = _apply_changes(index, changed, version)
        else:
            index = build_index(version)
        _index = index
        return index


def _is_current(index: PointIndex, version: int | None) -> bool:
    if version is None:
        return time.monotonic() - index.built_at < STALE_WITHOUT_CACHE
    return index.version == version


def reset_index() -> None:
    """Forget this process's index (tests; after a bulk load in the same process)."""
    global _index
    with _lock:
        _index = None


def _bump(entry) -> None:
    try:
        cache.add(VERSION_KEY, 0, None)
        version = cache.incr(VERSION_KEY)
        cache.set(CHANGE_KEY.format(version), entry, CHANGE_TTL)
    except Exception:  # the index then refreshes on its STALE_WITHOUT_CACHE timer
        logger.warning("map clusters: could not record a change", exc_info=True)


def invalidate_all() -> None:
    """Tell every worker to rebuild (bulk loads, division changes)."""
    reset_index()
    _bump(FULL)


def point_changed(point_id: int) -> None:
    """Record that a service point changed; workers see it once the transaction commits.

    One version per change (a rolled-back transaction drops its callbacks, so nothing is kept
    between transactions); a worker replays up to MAX_REPLAY versions, beyond that it rebuilds.
    """
    transaction.on_commit(lambda: _bump([int(point_id)]))


# --- answering --------------------------------------------------------------------------------


def choose_band(bbox: tuple[float, float, float, float], zoom: int) -> int:
    """The zoom's band, coarsened until the bbox covers at most MAX_CELLS cells."""
    band = band_for_zoom(zoom)
    while band > 1:
        cx0, cy0, cx1, cy1 = cell_range(bbox, band)
        if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= MAX_CELLS:
            break
        band -= 1
    return band


def grid_clusters(query: ClusterQuery) -> list[Cluster]:
    """Clusters of the public service points in ``query.bbox`` at ``query.zoom`` (see module doc).

    Counts are exact for the bbox and add up to the number of matching public points in it.
    """
    if query.types and SERVICE_POINT not in query.types:
        return []
    index = get_index()
    return clusters_from_index(index, query)


def clusters_from_index(index: PointIndex, query: ClusterQuery) -> list[Cluster]:
    bbox = query.bbox
    west, south, east, north = bbox
    points = index.points
    lo = int(np.searchsorted(index.lon_sorted, west, side="left"))
    hi = int(np.searchsorted(index.lon_sorted, east, side="right"))
    band = choose_band(bbox, query.zoom)
    if hi - lo <= DIRECT_LIMIT or band > TABLE_MAX_BAND:
        if hi - lo > DIRECT_LIMIT * 10:
            band = min(band, TABLE_MAX_BAND)
        else:
            slab = index.lon_order[lo:hi]
            inside = (points.lat[slab] >= south) & (points.lat[slab] <= north)
            inside &= _filter_mask_at(points, slab, query.level, query.category)
            positions = np.sort(slab[inside])  # back to Morton order: stable output
            if query.zoom >= POINTS_ZOOM and len(positions) <= POINT_LIMIT:
                return [_single(points, int(p)) for p in positions]
            return _group(points, positions, band)
    return _from_table(index, query, band)


def _filter_mask_at(points: Points, positions, level, category) -> np.ndarray:
    mask = np.ones(len(positions), dtype=bool)
    if level is not None:
        mask &= points.level[positions] == LEVELS.index(level)
    if category is not None:
        mask &= (points.cats[positions] & (1 << CATEGORIES.index(category))) != 0
    return mask


def _single(points: Points, position: int) -> Cluster:
    return Cluster(
        lat=float(points.lat[position]),
        lon=float(points.lon[position]),
        count=1,
        type=SERVICE_POINT,
        id=str(int(points.ids[position])),
        level=LEVELS[int(points.level[position])],
    )


def _cluster(count, sum_lon, sum_lat, west, south, east, north) -> Cluster:
    """A cluster at its members' mean, kept inside their bounds (float sums can overshoot)."""
    west, south, east, north = float(west), float(south), float(east), float(north)
    return Cluster(
        lat=min(max(float(sum_lat) / count, south), north),
        lon=min(max(float(sum_lon) / count, west), east),
        count=count,
        bounds=(west, south, east, north),
    )


def _group(points: Points, positions: np.ndarray, band: int) -> list[Cluster]:
    """Group the given points (Morton-sorted positions) by the band's cells."""
    if len(positions) == 0:
        return []
    shift = FINE_BITS - band
    codes = points.code[positions] >> np.uint64(2 * shift)
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    return _segments(points, positions, starts)


def _segments(points: Points, positions: np.ndarray, starts: np.ndarray) -> list[Cluster]:
    """One cluster per contiguous segment of ``positions`` beginning at ``starts``."""
    counts = np.diff(np.append(starts, len(positions)))
    lon = points.lon[positions]
    lat = points.lat[positions]
    sum_lon = np.add.reduceat(lon, starts)
    sum_lat = np.add.reduceat(lat, starts)
    min_lon = np.minimum.reduceat(lon, starts)
    min_lat = np.minimum.reduceat(lat, starts)
    max_lon = np.maximum.reduceat(lon, starts)
    max_lat = np.maximum.reduceat(lat, starts)
    clusters = []
    for i, count in enumerate(counts.tolist()):
        if count == 1:
            clusters.append(_single(points, int(positions[starts[i]])))
        else:
            clusters.append(
                _cluster(
                    count, sum_lon[i], sum_lat[i], min_lon[i], min_lat[i], max_lon[i], max_lat[i]
                )
            )
    return clusters


def _from_table(index: PointIndex, query: ClusterQuery, band: int) -> list[Cluster]:
    west, south, east, north = query.bbox
    points = index.matching(query.level, query.category)
    table = index.table(query.level, query.category, band)
    cx0, cy0, cx1, cy1 = cell_range(query.bbox, band)
    rows = np.arange(cy0, cy1 + 1, dtype=np.int64)
    lo = np.searchsorted(table.key, (rows << 32) | cx0, side="left")
    hi = np.searchsorted(table.key, (rows << 32) | cx1, side="right")
    lengths = hi - lo
    total = int(lengths.sum())
    if total == 0:
        return []
    # Concatenate the row slices [lo, hi) into one array of table rows.
    offsets = np.repeat(lo - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    cells = offsets + np.arange(total)
    inside = (
        (table.min_lon[cells] >= west)
        & (table.max_lon[cells] <= east)
        & (table.min_lat[cells] >= south)
        & (table.max_lat[cells] <= north)
    )
    outside = (
        (table.max_lon[cells] < west)
        | (table.min_lon[cells] > east)
        | (table.max_lat[cells] < south)
        | (table.min_lat[cells] > north)
    )
    clusters: list[Cluster] = []
    for cell in cells[inside].tolist():
        count = int(table.count[cell])
        if count == 1:
            clusters.append(_single(points, int(table.start[cell])))
        else:
            clusters.append(
                _cluster(
                    count,
                    table.sum_lon[cell],
                    table.sum_lat[cell],
                    table.min_lon[cell],
                    table.min_lat[cell],
                    table.max_lon[cell],
                    table.max_lat[cell],
                )
            )
    partial = cells[~inside & ~outside]
    if len(partial):
        # Edge cells: keep only their members inside the bbox (members are contiguous slices).
        starts, ends = table.start[partial], table.end[partial]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        members = offsets + np.arange(int(lengths.sum()))
        keep = (
            (points.lon[members] >= west)
            & (points.lon[members] <= east)
            & (points.lat[members] >= south)
            & (points.lat[members] <= north)
        )
        members = members[keep]
        if len(members):
            owner = np.repeat(np.arange(len(partial)), lengths)[keep]
            starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
            clusters.extend(_segments(points, members, starts))
    return clusters


# --- the search's place filters ---------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8
MAX_PLACE_FILTERS = 8


def place_clusters(
    query: ClusterQuery,
    division: str | None,
    near: tuple[float, float] | None,
    radius_km: float | None,
) -> list[Cluster]:
    """Clusters of the public points a search *without words* matches: the level and category
    filters, plus the search's division prefix and radius around ``near`` (``near`` alone
    filters nothing: it only orders a search).

    The text index answers the same filters (``search.service.search_clusters`` checks that
    the two counts agree in tests); the points and their public locations come from this
    index, so the clusters are the same ones the plain map shows, only fewer.
    """
    if query.types and SERVICE_POINT not in query.types:
        return []
    index = get_index()
    points = index.points
    key = ("place", query.level, query.category, division, near, radius_km)
    mask = index._places.get(key)
    if mask is None:
        if len(index._places) >= MAX_PLACE_FILTERS:
            del index._places[next(iter(index._places))]  # the oldest: bounded memory
        mask = _filter_mask(points, query.level, query.category)
        if division:
            if division.isdigit() and len(division) <= CODE_DIGITS:
                low, high = _prefix_range(division)
                mask &= (points.division >= low) & (points.division < high)
            else:  # no code looks like this (the API allows digits only)
                mask[:] = False
        if near is not None and radius_km is not None:
            mask &= _haversine_m(points, near) <= radius_km * 1000
        index._places[key] = mask
    west, south, east, north = query.bbox
    inside = (points.lon >= west) & (points.lon <= east)
    inside &= (points.lat >= south) & (points.lat <= north)
    positions = np.flatnonzero(mask & inside)  # ascending: Morton order
    if query.zoom >= POINTS_ZOOM and len(positions) <= POINT_LIMIT:
        return [_single(points, int(p)) for p in positions]
    return _group(points, positions, choose_band(query.bbox, query.zoom))


def _haversine_m(points: Points, near: tuple[float, float]) -> np.ndarray:
    lat0, lon0 = np.radians(near[0]), np.radians(near[1])
    lat, lon = np.radians(points.lat), np.radians(points.lon)
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def hit_clusters(
    hits: list[tuple[str, str | None, float, float]], bbox, zoom: int
) -> list[Cluster]:
    """Clusters of a search's hits (id, level, lat, lon) in ``bbox``: the same grid as the
    plain map's, over these points only."""
    inside = [h for h in hits if bbox[0] <= h[3] <= bbox[2] and bbox[1] <= h[2] <= bbox[3]]
    n = len(inside)
    level_index = {level: i for i, level in enumerate(LEVELS)}
    lon = np.fromiter((h[3] for h in inside), dtype=np.float64, count=n)
    lat = np.fromiter((h[2] for h in inside), dtype=np.float64, count=n)
    fx, fy = fine_cells(lon, lat)
    points = _sorted(
        Points(
            np.fromiter((int(h[0]) for h in inside), dtype=np.int64, count=n),
            lon,
            lat,
            np.fromiter((level_index.get(h[1], 0) for h in inside), dtype=np.int8, count=n),
            np.zeros(n, dtype=np.int32),
            np.zeros(n, dtype=np.int64),
            fx,
            fy,
            morton(fx, fy),
        )
    )
    positions = np.arange(n)
    if zoom >= POINTS_ZOOM and n <= POINT_LIMIT:
        return [_single(points, int(p)) for p in positions]
    return _group(points, positions, choose_band(bbox, zoom))
