"""The search-engine backend: Elasticsearch 8/9 or OpenSearch 2/3, for scale.

Queries are written once with the Elasticsearch DSL and sent as ``.to_dict()`` bodies through the
client chosen by ``SEARCH_ENGINE_CLIENT``: the ``elasticsearch`` client for Elasticsearch,
``opensearch-py`` for OpenSearch (and for osmem-server, the in-memory stand-in used in tests).

A text query is answered in two steps, as the database backend does: the engine retrieves the
first ``search.ranking.CANDIDATES`` matches (filters applied in the engine; the nearest ones with
``near``, plus the best-scoring ones when there are more), and ``search.ranking.rank`` (the
database backend's ranking, the same code) orders them: engines score differently (Lucene's BM25
is not osmem's) and the order must not depend on it. Count and facets come from the engine's
aggregations over every match. As in the database backend, only the candidates are ranked: a
page beyond them is empty while the count still covers every match. Without text, the engine
sorts and pages itself (distance with ``near``, else network level).

Every failure to reach the engine (refused, timed out, 5xx, a rejected request) is raised as
``BackendUnavailable`` so that ``search.fallback.FallbackBackend`` answers from the database.
Every write is followed by an explicit refresh: a real cluster shows writes only after one.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch.dsl import A, Q, Search
from geopy.distance import geodesic

from search import text
from search.analysis import attempts
from search.contract import (
    BackendUnavailable,
    Cluster,
    ClusterQuery,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search.engine_documents import NO_LEVEL_RANK, from_source, index_body, to_source
from search.ranking import CANDIDATES, distance_m, index_tokens, rank

log = logging.getLogger(__name__)

CLIENTS = ("elasticsearch", "opensearch")
# Facet name (contract) -> keyword field.
FACET_FIELDS = {"type": "doc_type", "level": "level", "city": "city_code", "category": "categories"}
FACET_SIZE = 500
# Engines refuse from + size beyond this window (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
# A viewport at precision zoom + 2 has a few hundred cells; the API promises at most 1,000 features.
MAX_CLUSTER_CELLS = 1_000
SNIPPET_LENGTH = 120
# A rebuild sends chunks of this many documents, each allowed BULK_TIMEOUT seconds: the short
# SEARCH_ENGINE_TIMEOUT is for queries, where the fallback is faster than waiting.
BULK_CHUNK = 500
BULK_TIMEOUT = 120.0


def _transport_errors() -> tuple[type[BaseException], ...]:
    """Every exception either client raises when the engine cannot answer a request."""
    import elastic_transport
    import elasticsearch
    import opensearchpy
    from elasticsearch import helpers as es_helpers
    from opensearchpy import helpers as os_helpers

    return (
        opensearchpy.exceptions.OpenSearchException,
        os_helpers.BulkIndexError,
        elasticsearch.ApiError,
        elastic_transport.TransportError,
        es_helpers.BulkIndexError,
    )


def _not_found_errors() -> tuple[type[BaseException], ...]:
    import elasticsearch
    import opensearchpy

    return (opensearchpy.NotFoundError, elasticsearch.NotFoundError)


class EngineClient:
    """The handful of calls the backend makes, over either client library."""

    def __init__(self, url: str, flavour: str, timeout: float):
        if flavour not in CLIENTS:
            raise ValueError(f"SEARCH_ENGINE_CLIENT must be one of {CLIENTS}, not {flavour!r}")
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        self.flavour = flavour
        # One retry moves to another node of a cluster; never retry a timeout: the fallback is
        # faster than a second wait.
        if flavour == "opensearch":
            from opensearchpy import OpenSearch, helpers

            self.raw = OpenSearch(
                hosts=hosts, timeout=timeout, max_retries=1, retry_on_timeout=False
            )
        else:
            from elasticsearch import Elasticsearch, helpers

            self.raw = Elasticsearch(
                hosts=hosts, request_timeout=timeout, max_retries=1, retry_on_timeout=False
            )
        self._helpers = helpers

    def search(self, index: str, body: dict) -> dict:
        return dict(self.raw.search(index=index, body=body))

    def bulk(self, actions: Iterable[dict], timeout: float | None = None) -> tuple[int, list]:
        """Send actions in chunks; (successes, errors). Deleting a missing document is no error
        and no success. ``timeout`` overrides the client's (short, query-sized) one."""
        client, extra = self.raw, {}
        if timeout is not None:
            if self.flavour == "opensearch":
                extra["request_timeout"] = timeout
            else:
                client = self.raw.options(request_timeout=timeout)
        written, errors = self._helpers.bulk(
            client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, **extra
        )
        errors = [e for e in errors if next(iter(e.values()), {}).get("status") != 404]
        return written, errors

    def create_index(self, name: str, body: dict) -> None:
        self.raw.indices.create(index=name, body=body)

    def delete_index(self, name: str) -> None:
        self.raw.indices.delete(index=name)

    def refresh(self, name: str) -> None:
        self.raw.indices.refresh(index=name)

    def alias_targets(self, alias: str) -> list[str]:
        try:
            return sorted(dict(self.raw.indices.get_alias(name=alias)))
        except _not_found_errors():
            return []

    def indices_matching(self, prefix: str) -> list[str]:
        """Indexes whose names start with ``prefix`` (checked here again: they get deleted)."""
        try:
            names = dict(self.raw.indices.get(index=f"{prefix}*"))
        except _not_found_errors():
            return []
        return sorted(name for name in names if name.startswith(prefix))

    def update_aliases(self, actions: list[dict]) -> None:
        self.raw.indices.update_aliases(body={"actions": actions})

    def cluster_health(self) -> dict:
        return dict(self.raw.cluster.health())

    def count(self, index: str) -> int:
        return int(self.raw.count(index=index)["count"])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.raw.close()


_clients: dict[tuple[str, str, float], EngineClient] = {}
_clients_lock = threading.Lock()


def shared_client(url: str, flavour: str, timeout: float) -> EngineClient:
    """One client (and connection pool) per engine per process: a backend object is built per
    request, a TCP connection per request would cost more than the query."""
    key = (url, flavour, float(timeout))
    with _clients_lock:
        if key not in _clients:
            _clients[key] = EngineClient(url, flavour, timeout)
        return _clients[key]


def index_alias(prefix: str) -> str:
    """The alias every query goes through, e.g. ``fulei-prod-search``."""
    return f"{prefix.lower()}-search"


class EngineBackend(SearchBackend):
    """Search over an Elasticsearch/OpenSearch index behind an environment-prefixed alias."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        client: str | None = None,
        prefix: str | None = None,
        timeout: float | None = None,
    ):
        self.url = url if url is not None else settings.ELASTICSEARCH_URL
        self.flavour = client or settings.SEARCH_ENGINE_CLIENT
        self.prefix = prefix or settings.SEARCH_INDEX_PREFIX
        self.timeout = timeout if timeout is not None else settings.SEARCH_ENGINE_TIMEOUT
        self.alias = index_alias(self.prefix)
        self._client: EngineClient | None = None
        self._alias_ready = False

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def client(self) -> EngineClient:
        if self._client is None:
            if not self.url:
                raise BackendUnavailable("ELASTICSEARCH_URL is not set")
            self._client = shared_client(self.url, self.flavour, self.timeout)
        return self._client

    @contextlib.contextmanager
    def _engine(self, doing: str) -> Iterator[None]:
        """Turn any client failure into BackendUnavailable, keeping the cause."""
        try:
            yield
        except BackendUnavailable:
            raise
        except _transport_errors() as exc:
            raise BackendUnavailable(f"{doing}: {type(exc).__name__}: {exc}") from exc

    def _new_index_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:6]}"

    def _ensure_alias(self) -> None:
        """Create the first index behind the alias, if there is none yet."""
        if self._alias_ready:
            return
        with self._engine("ensure index"):
            if not self.client.alias_targets(self.alias):
                name = self._new_index_name()
                self.client.create_index(name, index_body(name))
                self.client.update_aliases([{"add": {"index": name, "alias": self.alias}}])
        self._alias_ready = True

    # -- writes ---------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        self._ensure_alias()
        return self._bulk_index(self.alias, documents)

    def _bulk_index(
        self, index: str, documents: Iterable[SearchDocument], timeout: float | None = None
    ) -> int:
        actions = (
            {"_op_type": "index", "_index": index, "_id": doc.key, "_source": to_source(doc)}
            for doc in documents
        )
        with self._engine("index"):
            written, errors = self.client.bulk(actions, timeout)
            if errors:
                raise BackendUnavailable(f"index: {len(errors)} documents refused: {errors[:3]}")
            self.client.refresh(index)
        return written

    def remove(self, doc_type: str, ids: Iterable[str]) -> int:
        with self._engine("remove"):
            if not self.client.alias_targets(self.alias):
                return 0
            actions = [
                {"_op_type": "delete", "_index": self.alias, "_id": f"{doc_type}:{doc_id}"}
                for doc_id in ids
            ]
            if not actions:
                return 0
            removed, errors = self.client.bulk(actions)
            if errors:
                raise BackendUnavailable(f"remove: {errors[:3]}")
            self.client.refresh(self.alias)
        return removed

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Write a new index, then swap the alias to it in one request and drop the old ones.

        Readers see the old index until the swap, then the whole new one. Writes made to the old
        index while the rebuild runs are lost with it: run the rebuild, not the admin, at night.
        """
        name = self._new_index_name()
        with self._engine("rebuild"):
            self.client.create_index(name, index_body(name))
            try:
                written = self._bulk_index(name, documents, timeout=BULK_TIMEOUT)
                old = self.client.alias_targets(self.alias)
                self.client.update_aliases(
                    [{"remove": {"index": index, "alias": self.alias}} for index in old]
                    + [{"add": {"index": name, "alias": self.alias}}]
                )
            except BaseException:
                with contextlib.suppress(Exception):
                    self.client.delete_index(name)
                raise
            # The old targets and any index left behind by an interrupted rebuild.
            for index in self.client.indices_matching(f"{self.alias}-"):
                if index != name:
                    self.client.delete_index(index)
        self._alias_ready = True
        log.info("search index %s rebuilt: %d documents, alias %s", name, written, self.alias)
        return written

    def drop(self) -> None:
        """Delete the alias's indexes (tests and the rebuild of a fresh environment)."""
        with self._engine("drop"):
            for index in self.client.indices_matching(f"{self.alias}-"):
                self.client.delete_index(index)
        self._alias_ready = False

    # -- reads ----------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """The first of the query's attempts (``analysis.attempts``: a level word as a level
        filter, then without it) that finds something."""
        result = None
        for attempt in attempts(query):
            result = self._search(attempt)
            if result.count:
                break
        return result

    def _search(self, query: SearchQuery, groups: list | None = None) -> SearchResult:
        """``groups``: retrieve exactly these (the relaxations below), not the text's query."""
        if not query.text.strip():
            return self._browse(query)
        if groups is None:
            typed = text.query_groups(query.text)
            merged = text.merge_separate_places(typed)
            if merged is not typed:
                # Places apart (泰宁 马尾, 思明 湖里): records in any of them with the other
                # words, else in any of them, as the database backend retrieves them.
                result = self._search(query, merged)
                places = [g for g in merged if text.is_place_word(g)]
                if result.count or len(places) == len(merged):
                    return result
                return self._search(query, places)
            places = [g for g in typed if text.is_place_word(g)]
            if len(places) > 1 and not self._share_a_record(query, places):
                # Places that share no record: without a township named beside a county (泰宁
                # 建设: the county, not the townships called 建设), then any of them, as the
                # database backend relaxes them; not the few records that match all of them by
                # a partial word.
                broader = _broadest_places_query(query)
                if broader is not None:
                    return self._search(broader)
                return self._search(query, [text.any_of_places(places)])
        response = self._send(build_search(query, groups=groups).to_dict())
        if response is None:
            return SearchResult(count=0, hits=[], facets={}, backend=self.name)
        count = _total(response)
        candidates = list(response["hits"]["hits"])
        if query.near and count > len(candidates):
            # The nearest matches may leave out a name match further away: add the best-scoring
            # ones (the database backend adds its title matches for the same reason).
            best = (
                self._send(
                    build_search(query, nearest=False, facets=False, groups=groups).to_dict()
                )
                or {}
            )
            seen = {raw["_id"] for raw in candidates}
            candidates += [
                raw for raw in best.get("hits", {}).get("hits", []) if raw["_id"] not in seen
            ]
        rows = [_candidate(raw["_source"]) for raw in candidates]
        ranked = rank(rows, text.query_groups(query.text), query)
        start = (max(query.page, 1) - 1) * query.page_size
        hits = [
            _hit(row["document"], distance_m(row, query), score, query)
            for row, _, score in ranked[start : start + query.page_size]
        ]
        return SearchResult(count=count, hits=hits, facets=_facets(response), backend=self.name)

    def _share_a_record(self, query: SearchQuery, places) -> bool:
        """Whether a record within the query's filters is in every one of the places."""
        body = (
            Search()
            .query(Q("bool", must=[_groups_query(places, boost=1)], filter=_query_filters(query)))
            .extra(size=0, track_total_hits=True)
        )
        response = self._send(body.to_dict())
        return response is None or _total(response) > 0

    def _browse(self, query: SearchQuery) -> SearchResult:
        """No text: the engine sorts (distance with ``near``, else network level) and pages."""
        body = build_search(query).to_dict()
        offset = (max(query.page, 1) - 1) * query.page_size
        if offset + query.page_size > MAX_RESULT_WINDOW:
            # Past the engine's window: count and facets still answer, the page is empty.
            body["size"], body["from"] = 0, 0
        response = self._send(body)
        if response is None:
            return SearchResult(count=0, hits=[], facets={}, backend=self.name)
        hits = []
        for raw in response["hits"]["hits"] if body["size"] else []:
            document = from_source(raw["_source"])
            distance = None
            if query.near and document.lat is not None and document.lon is not None:
                # geopy, as the database backend: both report the same metres for the same point.
                distance = geodesic(query.near, (document.lat, document.lon)).meters
            hits.append(_hit(document, distance, float(raw.get("_score") or 0.0), query))
        return SearchResult(
            count=_total(response), hits=hits, facets=_facets(response), backend=self.name
        )

    def _send(self, body: dict) -> dict | None:
        """The engine's answer to a search body; None when there is no index yet."""
        with self._engine("search"):
            try:
                return self.client.search(self.alias, body)
            except _not_found_errors():
                return None

    def clusters(self, query: ClusterQuery) -> list[Cluster]:
        body = build_clusters(query).to_dict()
        with self._engine("clusters"):
            try:
                response = self.client.search(self.alias, body)
            except _not_found_errors():
                return []
        clusters = []
        for bucket in response.get("aggregations", {}).get("cells", {}).get("buckets", []):
            count = int(bucket["doc_count"])
            if count == 1:
                source = bucket["sample"]["hits"]["hits"][0]["_source"]
                location = source["location"]
                clusters.append(
                    Cluster(
                        lat=location["lat"],
                        lon=location["lon"],
                        count=1,
                        type=source["doc_type"],
                        id=source["doc_id"],
                        level=source.get("level"),
                    )
                )
                continue
            centre = bucket["centre"]["location"]
            box = bucket["bounds"]["bounds"]
            clusters.append(
                Cluster(
                    lat=centre["lat"],
                    lon=centre["lon"],
                    count=count,
                    bounds=(
                        box["top_left"]["lon"],
                        box["bottom_right"]["lat"],
                        box["bottom_right"]["lon"],
                        box["top_left"]["lat"],
                    ),
                )
            )
        return clusters

    def health(self) -> dict:
        report = {
            "backend": self.name,
            "client": self.flavour,
            "index": self.alias,
        }
        try:
            with self._engine("health"):
                cluster = self.client.cluster_health()
                indices = self.client.alias_targets(self.alias)
                documents = self.client.count(self.alias) if indices else 0
        except BackendUnavailable as exc:
            cause = exc.__cause__ or exc
            return {**report, "status": "error", "detail": type(cause).__name__}
        ok = cluster.get("status") in ("green", "yellow")
        report.update(cluster_status=cluster.get("status"), indices=indices, documents=documents)
        if not indices:
            # The engine would answer every query with nothing: the database must be used.
            return {**report, "status": "error", "detail": "no index: run manage.py search_rebuild"}
        return {**report, "status": "ok" if ok else "error"}


# -- query building: the DSL, once ------------------------------------------------------------


def _filters(
    types: tuple[str, ...] = (),
    level: str | None = None,
    division: str | None = None,
    category: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> list[Q]:
    filters = []
    if types:
        filters.append(Q("terms", doc_type=list(types)))
    if level:
        filters.append(Q("term", level=level))
    if division:
        filters.append(Q("term", division_path=division))
    if category:
        filters.append(Q("term", categories=category))
    if bbox:
        west, south, east, north = bbox
        filters.append(
            Q(
                "geo_bounding_box",
                location={
                    "top_left": {"lat": north, "lon": west},
                    "bottom_right": {"lat": south, "lon": east},
                },
            )
        )
    return filters


def text_query(raw: str, language: str = "zh-hans") -> Q | None:
    """What a person typed, as one query: Chinese words, pinyin, initials and English names.

    The pinyin and initials of the documents were prepared by ``search.text``; the query's pinyin
    is prepared by the same functions, so a same-sound character typo (泰凝) still finds 泰宁.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    english = language.startswith("en")
    han = "".join(text.han_runs(raw))
    latin = text.latin_words(raw)
    should: list[Q] = []
    groups = text.query_groups(raw)
    if groups:
        # The same prepared words as the database backend: every group (a word and its readings,
        # its fuzzy pinyin) in the document's tokens, far above any partial match; then the
        # query's places alone, so that a word that matches nothing never scatters the answer.
        should.append(_groups_query(groups, boost=50))
        places = [g for g in groups if text.is_place_word(g)]
        if places and len(places) < len(groups):
            should.append(_groups_query(places, boost=25))
    if han:
        should += [
            # Exact names first.
            Q("term", **{"title.raw": {"value": raw, "boost": 20}}),
            Q("match_phrase", title={"query": han, "boost": 6}),
            Q(
                "multi_match",
                query=han,
                fields=["title^3", "division_name^2", "body"],
                minimum_should_match="2<75%",
            ),
        ]
        readings = [text.pinyin_terms(word) for word in text.segment(han)]
        readings = [word for word in readings if word]
        if readings:
            # Every word of the query must sound like a word of the document (any reading).
            should.append(
                Q(
                    "bool",
                    must=[
                        Q("bool", should=[Q("term", **{"pinyin.prefix": r}) for r in word])
                        for word in readings
                    ],
                    boost=0.5,
                )
            )
    if latin:
        joined = "".join(latin)
        should += [
            Q("term", **{"title_en.raw": {"value": raw.lower(), "boost": 20}}),
            Q(
                "match",
                title_en={
                    "query": " ".join(latin),
                    "operator": "and",
                    "boost": 4 if english else 2,
                },
            ),
            Q("match", body_en={"query": " ".join(latin), "operator": "and", "boost": 0.5}),
            # Pinyin typed joined or spaced ("taining", "tai ning"), and initials ("tnx").
            Q("term", **{"pinyin.prefix": {"value": joined, "boost": 3}}),
            Q("term", **{"pinyin.prefix": {"value": joined.replace("v", "u"), "boost": 2}}),
            Q("term", **{"pinyin_initials.prefix": {"value": joined, "boost": 1.5}}),
        ]
        if len(latin) > 1:
            should.append(Q("bool", must=[Q("term", **{"pinyin.prefix": w}) for w in latin]))
    return Q("bool", should=should, minimum_should_match=1)


def _broadest_places_query(query: SearchQuery) -> SearchQuery | None:
    """Of places that share no record, those ``text.broadest_places`` keeps (泰宁 建设: the
    county, not the townships called 建设), as the database backend relaxes them; None when it
    keeps them all."""
    places = [g for g in text.query_groups(query.text) if text.is_place_word(g)]
    broadest = text.broadest_places(places)
    if len(broadest) == len(places):
        return None
    return replace(query, text=" ".join(g.primary for g in broadest))


def _groups_query(groups, boost: float) -> Q:
    return Q(
        "bool",
        must=[Q("terms", tokens=sorted(g.alternatives)) for g in groups],
        boost=boost,
    )


def build_search(
    query: SearchQuery, nearest: bool = True, facets: bool = True, groups: list | None = None
) -> Search:
    """The engine request for a contract query: hits, total and facets.

    Without text, one page of hits in their final order (distance with ``near``, else network
    level). With text, the first ``CANDIDATES`` matches for ``search.ranking`` to order: the
    nearest with ``near`` (with ``nearest=False``: the best-scoring), else the best-scoring.
    With ``groups``, the documents that match every one of them (the relaxations of places
    that share no record: ``text.merge_separate_places``, ``text.any_of_places``) instead of
    the text's own query.
    """
    filters = _query_filters(query)
    matching = _groups_query(groups, boost=1) if groups else text_query(query.text, query.language)
    search = Search().query(Q("bool", must=[matching or Q("match_all")], filter=filters))
    if query.near and (nearest or matching is None):
        lat, lon = query.near
        sort: list = [
            {"_geo_distance": {"location": {"lat": lat, "lon": lon}, "order": "asc", "unit": "m"}}
        ]
    elif matching is not None:
        sort = ["_score"]
    else:
        sort = []
    # Ties: the higher service level first, then the region (as the database backend), then a
    # stable key so pages never overlap.
    search = search.sort(*sort, {"level_rank": "asc"}, {"division_code": "asc"}, {"key": "asc"})
    if facets:
        for facet, field in FACET_FIELDS.items():
            search.aggs.bucket(facet, A("terms", field=field, size=FACET_SIZE))
    if matching is not None:
        return search.extra(track_total_hits=facets, from_=0, size=CANDIDATES)
    page = max(query.page, 1)
    return search.extra(
        track_total_hits=True, from_=(page - 1) * query.page_size, size=query.page_size
    )


def _query_filters(query: SearchQuery) -> list[Q]:
    """The query's filters: type, level, division, category, bbox, near and radius."""
    filters = _filters(query.types, query.level, query.division, query.category, query.bbox)
    if query.near and query.radius_km is not None:
        lat, lon = query.near
        filters.append(
            Q("geo_distance", distance=f"{query.radius_km}km", location={"lat": lat, "lon": lon})
        )
    if query.near:
        # As the database backend: what has no place on the map has no distance to rank by.
        filters.append(Q("exists", field="location"))
    return filters


def cluster_precision(zoom: int) -> int:
    """geotile precision for a map zoom: a cell is a quarter of a 256-px tile each way."""
    return max(0, min(int(zoom) + 2, 29))


def build_clusters(query: ClusterQuery) -> Search:
    """The engine request for map clusters: geotile cells with centroid, bounds and a sample."""
    filters = _filters(query.types, query.level, None, query.category, query.bbox)
    search = Search().query(Q("bool", filter=filters)).extra(size=0)
    cells = search.aggs.bucket(
        "cells",
        A(
            "geotile_grid",
            field="location",
            precision=cluster_precision(query.zoom),
            size=MAX_CLUSTER_CELLS,
        ),
    )
    cells.metric("centre", A("geo_centroid", field="location"))
    cells.metric("bounds", A("geo_bounds", field="location"))
    # A single point is shown as itself: its exact public location, id and level.
    cells.metric(
        "sample",
        A("top_hits", size=1, _source=["doc_type", "doc_id", "level", "location"]),
    )
    return search


def _snippet(document: SearchDocument, language: str) -> str:
    body = document.body_en if language.startswith("en") and document.body_en else document.body
    body = " ".join(body.split())
    return body if len(body) <= SNIPPET_LENGTH else body[: SNIPPET_LENGTH - 1] + "…"


def _total(response: dict) -> int:
    total = response["hits"]["total"]
    return total["value"] if isinstance(total, dict) else int(total)


def _facets(response: dict) -> dict[str, dict[str, int]]:
    aggregations = response.get("aggregations", {})
    return {
        facet: {
            str(bucket["key"]): int(bucket["doc_count"])
            for bucket in aggregations.get(facet, {}).get("buckets", [])
        }
        for facet in FACET_FIELDS
    }


def _candidate(source: dict) -> dict:
    """A hit's source as a row of ``search.ranking.rank`` (the document rides along)."""
    document = from_source(source)
    title_tokens, body_tokens = source.get("title_tokens"), source.get("body_tokens")
    if title_tokens is None or body_tokens is None:
        # An index written before the tokens were stored: prepare them now (same result, slower;
        # search_rebuild stores them).
        title_tokens, body_tokens = index_tokens(document)
    return {
        "document": document,
        "title": document.title,
        "title_en": document.title_en,
        "title_tokens": title_tokens,
        "body_tokens": body_tokens,
        "division_name": document.division_name,
        "division_name_en": document.division_name_en,
        "lat": document.lat,
        "lon": document.lon,
        "level_rank": source.get("level_rank", NO_LEVEL_RANK),
        "division_code": document.division_code,
        "doc_type": document.type,
        "id": document.key,
    }


def _hit(
    document: SearchDocument, distance: float | None, score: float, query: SearchQuery
) -> SearchHit:
    return SearchHit(
        document=document,
        score=score,
        distance_m=round(distance, 1) if distance is not None else None,
        snippet=_snippet(document, query.language),
    )
