"""What views and other apps call to search and to keep the index in step (DESIGN.md §5)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Model
from django.utils.module_loading import import_string

from search.backends import BACKENDS
from search.contract import (
    SERVICE_POINT,
    Cluster,
    ClusterQuery,
    MatchedPoint,
    SearchBackend,
    SearchQuery,
    SearchResult,
)
from search.registry import source_for_model, source_for_type, sources

_instances: dict[str, SearchBackend] = {}


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend (settings.SEARCH_BACKEND), one instance per process."""
    name = name or getattr(settings, "SEARCH_BACKEND", "") or "database"
    if name not in _instances:
        if name == "elasticsearch":
            # The engine never answers alone: the database backend stands in when it fails.
            from search.fallback import engine_with_fallback

            _instances[name] = engine_with_fallback()
        else:
            _instances[name] = import_string(BACKENDS[name])()
    return _instances[name]


def search(query: SearchQuery) -> SearchResult:
    return get_backend().search(query)


def matching_points(query: SearchQuery) -> list[MatchedPoint]:
    """Every document ``search(query)`` counts (all of them, not a page), with its position, for
    the map: the same query analysis (folding, question words, level words as a level filter),
    the same filters (type, level, category, division, bbox, near + radius) and the same
    place-first relaxation. Answered from the database index, which every deployment keeps (it
    is the engine's fallback)."""
    return get_backend("database").matching_points(query)


def clusters(query: ClusterQuery) -> list[Cluster]:
    return get_backend().clusters(query)


# A text search's matches are clustered from its ranked hits when they are all of them; a common
# word's matches (more than a ranked window) come from ``matching_points`` instead.
MATCHES_ON_MAP = 1000


@dataclass
class SearchClusters:
    """The map's features for a search: its service-point matches inside the viewport."""

    clusters: list[Cluster]
    count: int  # the search's matches inside the viewport
    complete: bool  # False: the clusters hold fewer than ``count`` matches (positionless ones)
    backend: str = ""
    degraded: bool = False


def search_clusters(query: SearchQuery, zoom: int) -> SearchClusters:
    """Clusters of exactly the service points ``query`` matches inside ``query.bbox``.

    Without words the matches are filters (level, category, division, radius), which the map's
    cluster index answers itself (the backend's grid or ``geotile_grid`` when only level and
    category are given). With words the search itself decides what matches (relaxation,
    places, synonyms: whatever the backend does), and its hits are clustered.
    """
    from search.clusters import hit_clusters, place_clusters

    query = replace(query, types=(SERVICE_POINT,), page=1)
    if query.bbox is None:
        raise ValueError("a map search needs its viewport (bbox)")
    plain = ClusterQuery(bbox=query.bbox, zoom=zoom, level=query.level, category=query.category)
    if not query.text.strip():
        if not query.division and not (query.near and query.radius_km):
            found = clusters(plain)
        else:
            radius = query.radius_km if query.near else None
            found = place_clusters(plain, query.division, query.near, radius)
        return SearchClusters(found, sum(c.count for c in found), complete=True)
    result = search(replace(query, page_size=MATCHES_ON_MAP))
    hits = [
        (hit.document.id, hit.document.level, hit.document.lat, hit.document.lon)
        for hit in result.hits
        if hit.document.lat is not None and hit.document.lon is not None
    ]
    if len(result.hits) < result.count:
        # A common word matches more than a ranked page holds: every match, from the index.
        hits = [
            (m.doc_id, m.level, m.lat, m.lon)
            for m in matching_points(query)
            if m.lat is not None and m.lon is not None
        ]
    return SearchClusters(
        hit_clusters(hits, query.bbox, zoom),
        result.count,
        complete=len(hits) >= result.count,
        backend=result.backend,
        degraded=result.degraded,
    )


def warm_up() -> None:
    """Load what the database backend holds in memory, before a worker's first request (it
    answers every query, or stands in for the engine: docs/gunicorn.conf.py)."""
    get_backend("database").warm_up()


def index_documents(doc_type: str, pks: Iterable) -> int:
    """Reindex these records of a type: public ones are written, the others removed."""
    source = source_for_type(doc_type)
    if source is None:
        return 0
    pks = [str(pk) for pk in pks]
    documents = list(source.documents(pks))
    backend = get_backend()
    written = backend.index(documents) if documents else 0
    gone = set(pks) - {d.id for d in documents}
    if gone:
        backend.remove(doc_type, gone)
    return written


def index_object(obj: Model) -> int:
    """Reindex one record (and the documents that show its data); hidden ones are removed."""
    source = source_for_model(type(obj))
    if source is None:
        return 0
    pks = list(source.indexed_as(obj)) if source.indexed_as else [obj.pk]
    written = index_documents(source.type, pks)
    if source.dependents:
        for doc_type, pks in source.dependents(obj):
            if pks:
                written += index_documents(doc_type, pks)
    return written


def remove_object(obj: Model) -> int:
    """Take a record out of the index (a record carried by another's document, such as a
    translation, has that document reindexed without it instead)."""
    source = source_for_model(type(obj))
    if source is None:
        return 0
    if source.indexed_as:
        return index_object(obj)
    return get_backend().remove(source.type, [str(obj.pk)])


def index_pages(pages: Iterable[Model]) -> int:
    """Reindex the searchable ones among these (specific) pages, e.g. a moved page and its
    descendants, whose URLs changed."""
    written = 0
    by_source: dict[str, set] = {}
    for page in pages:
        source = source_for_model(type(page))
        if source is not None:
            pks = source.indexed_as(page) if source.indexed_as else [page.pk]
            by_source.setdefault(source.type, set()).update(str(pk) for pk in pks)
    for doc_type, pks in by_source.items():
        written += index_documents(doc_type, sorted(pks))
    return written


def all_documents():
    return itertools.chain.from_iterable(source.documents(None) for source in sources())


def rebuild() -> int:
    """Replace the whole index with every public record of every registered source."""
    return get_backend().rebuild(all_documents())
