"""A small in-memory ``SearchBackend`` that stands in for the database backend in the fallback
tests until ``search.backends.database`` is registered (branch issue-4a); see ``fallback_database``
in conftest.py, which prefers the real one."""

from __future__ import annotations

from collections import Counter

from geopy.distance import geodesic

from search.contract import Cluster, SearchBackend, SearchHit, SearchResult


class MemoryBackend(SearchBackend):
    name = "database"

    def __init__(self):
        self.documents = {}

    def index(self, documents):
        documents = list(documents)
        self.documents.update({doc.key: doc for doc in documents})
        return len(documents)

    def remove(self, doc_type, ids):
        keys = [f"{doc_type}:{doc_id}" for doc_id in ids]
        return sum(self.documents.pop(key, None) is not None for key in keys)

    def rebuild(self, documents):
        self.documents = {}
        return self.index(documents)

    def _matches(self, doc, query):
        needle = query.text.strip().lower()
        haystack = " ".join([doc.title, doc.body, doc.title_en]).lower()
        return (
            (not needle or needle in haystack)
            and (not query.types or doc.type in query.types)
            and (not query.level or doc.level == query.level)
            and (not query.division or (doc.division_code or "").startswith(query.division))
            and (not query.category or query.category in doc.categories)
        )

    def search(self, query):
        found = [doc for doc in self.documents.values() if self._matches(doc, query)]
        hits = [
            SearchHit(
                document=doc,
                distance_m=geodesic(query.near, (doc.lat, doc.lon)).meters
                if query.near and doc.lat is not None
                else None,
            )
            for doc in sorted(found, key=lambda doc: doc.key)
        ]
        if query.near:
            hits.sort(key=lambda hit: (hit.distance_m is None, hit.distance_m or 0))
        start = (query.page - 1) * query.page_size
        facets = {
            "type": dict(Counter(doc.type for doc in found)),
            "level": dict(Counter(doc.level for doc in found if doc.level)),
        }
        return SearchResult(
            count=len(found),
            hits=hits[start : start + query.page_size],
            facets=facets,
            backend=self.name,
        )

    def clusters(self, query):
        west, south, east, north = query.bbox
        return [
            Cluster(lat=doc.lat, lon=doc.lon, count=1, type=doc.type, id=doc.id, level=doc.level)
            for doc in self.documents.values()
            if doc.type in query.types
            and doc.lat is not None
            and west <= doc.lon <= east
            and south <= doc.lat <= north
        ]

    def health(self):
        return {"backend": self.name, "status": "ok"}
