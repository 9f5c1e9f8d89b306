"""The embedded backend: full text in the project's own database (SQLite FTS5 or PostgreSQL).

Two stages, because one OR query ranked by bm25 over 700k rows is seconds, not milliseconds:

1. *Retrieve* candidates in SQL: every query group (a word and its pinyin readings) must match
   (AND of ORs), first in titles, then anywhere; filters and an ORDER BY on indexed columns
   (network level, or approximate distance) with a LIMIT of a few hundred rows.
2. *Rank* the candidates in Python (``search.ranking``, shared with the engine backend): exact
   name match, the query naming the document's own place, how many groups match the title (as
   typed or only by sound), then distance, level and region as tie-breaks. Facets are counted
   over all matches. Only the candidates are ranked: a page beyond them is empty (the count
   still covers every match).

When no document matches every group, the query is relaxed to "any group" (a stray word or a
typo that has no same-sound reading still finds the rest).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext
from itertools import compress
from operator import itemgetter

from django.core.cache import cache
from django.db import connection, transaction

from search import text
from search.contract import (
    Cluster,
    ClusterQuery,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search.fts import FACET_INDEX
from search.models import SearchEntry
from search.ranking import (
    CANDIDATES,
    TokenSet,
    distance_m,
    index_tokens,
    rank,
    within_radius,
)

LEVEL_RANK = {"city": 0, "county": 1, "township": 2, "village": 3}
NO_LEVEL_RANK = 4
TITLE_BOUND = 5000  # title matches put in network order, at most
KM_PER_DEGREE = 111.32
SNIPPET_CHARS = 120

COLUMNS = (
    "id, doc_type, doc_id, title, title_en, body, body_en, url, level, level_rank, "
    "division_code, division_name, division_name_en, city_code, categories, lat, lon, is_demo, "
    "updated_at, title_tokens, body_tokens"
)
TABLE = SearchEntry._meta.db_table
# Bumped after every committed write of this backend: each process's facet map (below) compares
# it with the version it has read, so a row deleted by another process is not counted.
INDEX_VERSION_KEY = "search:index:version"
# "Near me" looks in boxes of these half-widths (km) around the point before sorting everything.
NEAR_BOXES_KM = (5, 25, 100, 400)
# A query group matching at most this many rows is "rare": the other groups are tested on its
# rows' tokens instead of in the full-text index (see ``_rare_first_ids``).
RARE_BOUND = 10_000

log = logging.getLogger(__name__)


def _entry(document: SearchDocument) -> SearchEntry:
    title_tokens, body_tokens = index_tokens(document)
    return SearchEntry(
        doc_type=document.type,
        doc_id=str(document.id),
        title=document.title,
        title_en=document.title_en,
        body=document.body,
        body_en=document.body_en,
        url=document.url,
        level=document.level,
        level_rank=LEVEL_RANK.get(document.level or "", NO_LEVEL_RANK),
        division_code=document.division_code,
        division_name=document.division_name,
        division_name_en=document.division_name_en,
        city_code=document.city_code,
        categories="|" + "|".join(document.categories) + "|" if document.categories else "",
        lat=document.lat,
        lon=document.lon,
        is_demo=document.is_demo,
        updated_at=document.updated_at,
        title_tokens=title_tokens,
        body_tokens=body_tokens,
    )


def _document(row: dict) -> SearchDocument:
    categories = tuple(c for c in (row["categories"] or "").split("|") if c)
    return SearchDocument(
        type=row["doc_type"],
        id=row["doc_id"],
        title=row["title"],
        title_en=row["title_en"],
        body=row["body"],
        body_en=row["body_en"],
        url=row["url"],
        level=row["level"],
        division_code=row["division_code"],
        division_name=row["division_name"],
        division_name_en=row["division_name_en"],
        city_code=row["city_code"],
        categories=categories,
        lat=row["lat"],
        lon=row["lon"],
        is_demo=bool(row["is_demo"]),
        updated_at=row["updated_at"],
    )


class DatabaseBackend(SearchBackend):
    name = "database"

    # -- writing -----------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        written = 0
        batch: list[SearchDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= 2000:
                written += self._write(batch)
                batch = []
        if batch:
            written += self._write(batch)
        return written

    @transaction.atomic
    def _write(self, documents: list[SearchDocument]) -> int:
        by_type: dict[str, list[str]] = {}
        for document in documents:
            by_type.setdefault(document.type, []).append(str(document.id))
        for doc_type, ids in by_type.items():
            SearchEntry.objects.filter(doc_type=doc_type, doc_id__in=ids).delete()
        SearchEntry.objects.bulk_create([_entry(d) for d in documents], batch_size=500)
        _FACET_MAP.clear()
        _MATCHES.clear()
        _index_changed()
        return len(documents)

    def remove(self, doc_type: str, ids: Iterable[str]) -> int:
        deleted, _ = SearchEntry.objects.filter(
            doc_type=doc_type, doc_id__in=[str(i) for i in ids]
        ).delete()
        _FACET_MAP.clear()
        _MATCHES.clear()
        _index_changed()
        return deleted

    @transaction.atomic
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        SearchEntry.objects.all().delete()
        _FACET_MAP.clear()
        _MATCHES.clear()
        _index_changed()
        written = 0
        batch: list[SearchEntry] = []
        for document in documents:
            batch.append(_entry(document))
            if len(batch) >= 2000:
                SearchEntry.objects.bulk_create(batch, batch_size=500)
                written += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch, batch_size=500)
        if connection.vendor == "postgresql":
            # Fresh statistics of the words: the rarest-group choice reads them (autovacuum
            # would take its time after a rebuild).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {TABLE}")
        return written + len(batch)

    def warm_up(self) -> None:
        """Read this process's id map now (about 1.5 s at 700k rows), not on a visitor's query."""
        _FACET_MAP.count_all(None)

    def health(self) -> dict:
        # Cheap on purpose (/healthz is polled, and is the baseline of the load benchmarks):
        # one indexed row read, no count over the whole index.
        try:
            empty = not SearchEntry.objects.only("id").exists()
        except Exception as exc:  # health reports, never raises
            return {"backend": self.name, "status": "error", "detail": type(exc).__name__}
        return {"backend": self.name, "status": "ok", "empty": empty}

    def clusters(self, query: ClusterQuery) -> list[Cluster]:
        # Issue 4c owns the clustering; it reads the same index table.
        from search.clusters import grid_clusters

        return grid_clusters(query)

    # -- querying ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        groups = text.query_groups(query.text) if query.text.strip() else []
        where, params = self._filters(query)
        order, order_params = self._order(query)
        if not groups:
            return self._browse(query, where, params, order, order_params)

        relaxed = False
        match_all = self._match(groups, title_only=False, any_group=False)
        titles: list[int] = []  # SQLite's narrow path: the title matches among the ids
        ids, kept_as = self._ids(match_all, query, groups, titles)
        if not ids and len(groups) > 1:
            relaxed = True
            match_all = self._match(groups, title_only=False, any_group=True)
            ids, kept_as = self._ids(match_all, query)
        count = len(ids)
        if count == 0:
            return SearchResult(count=0, hits=[], facets=_empty_facets(), backend=self.name)

        complete = count <= CANDIDATES
        if complete:
            rows = {r["id"]: r for r in self._rows_by_id(ids)}
        else:
            # Too many to rank them all: title matches (the likeliest answers) in network
            # order, then other matches: the nearest with `near`, else the first ones by id
            # (ordering them all would read every one: a city's name matches a sixth of the
            # country).
            match_title = self._match(groups, title_only=True, any_group=relaxed)
            if titles and not relaxed:
                # Found on the tokens already read (67 -> 15 ms for 泰宁儿童之家 on SQLite); the
                # type/level/category filters were applied to the ids after.
                titles = [i for i in titles if _contains(ids, i)]
                title_rows = self._rows_by_id(titles, order, order_params, limit=CANDIDATES)
            elif (
                count <= RARE_BOUND
                and connection.vendor == "postgresql"
                and (query.division or query.bbox or query.radius_km)
            ):
                # Few enough: the title matches among them (the first TITLE_BOUND title matches
                # of the country, then filtered, may hold none of a county's or a radius's;
                # 244 -> 66 ms for 关爱 within 10 km). Not on SQLite: a MATCH there lists every
                # title match of the word before the few ids are looked up.
                title_rows = self._title_rows_among(ids, match_title, order, order_params)
            else:
                title_rows = self._rows(
                    match_title,
                    where,
                    params,
                    order,
                    order_params,
                    bound=TITLE_BOUND,
                    title_only=True,
                )
            rows = {r["id"]: r for r in title_rows}
            if query.near:
                others = self._nearest_rows(ids, query, match_all, where, params)
            else:
                others = self._rows_by_id(ids[:CANDIDATES])
            for row in others:
                rows.setdefault(row["id"], row)
        ranked = rank(list(rows.values()), groups, query)
        if complete and query.near and query.radius_km:
            ranked = [r for r in ranked if within_radius(r[0], r[1], query)]
            count = len(ranked)
            facets = _facets_of(r[0] for r in ranked)
        elif complete:
            facets = _facets_of(rows.values())
        elif kept_as:
            facets = _MATCHES.derived(
                kept_as[0], ("facets", kept_as[1]), lambda: _FACET_MAP.facets(ids)
            )
        else:
            facets = _FACET_MAP.facets(ids)
        start = (query.page - 1) * query.page_size
        page = ranked[start : start + query.page_size]
        return SearchResult(
            count=count,
            hits=[self._hit(row, distance_m(row, query), query) for row, _, _ in page],
            facets=facets,
            backend=self.name,
        )

    # SQL pieces -------------------------------------------------------------------------------

    def _filters(self, query: SearchQuery) -> tuple[list[str], list]:
        """Every filter of the query as SQL conditions (on the index table, alias ``e``)."""
        where, params = self._attribute_filters(query)
        geo, geo_params = self._geo_filters(query)
        if query.near:
            geo.append("e.lat IS NOT NULL")
        return where + geo, params + geo_params

    @staticmethod
    def _attribute_filters(query: SearchQuery) -> tuple[list[str], list]:
        """Type, level, division and category (the same as ``_keep`` tests in Python)."""
        where: list[str] = []
        params: list = []
        # On SQLite a unary + keeps the planner from walking the (doc_type, doc_id) index
        # through every row of a type when a box or an order on another index is far cheaper.
        plus = "+" if connection.vendor == "sqlite" else ""
        if query.types:
            where.append(f"{plus}e.doc_type IN ({', '.join(['%s'] * len(query.types))})")
            params.extend(query.types)
        if query.level:
            where.append(f"{plus}e.level = %s")
            params.append(query.level)
        if query.division:
            division_sql, division_params = _division_condition(_division_prefix(query))
            where.append(division_sql)
            params.extend(division_params)
        if query.category:
            where.append("e.categories LIKE %s")
            params.append(f"%|{query.category}|%")
        return where, params

    @staticmethod
    def _geo_filters(query: SearchQuery) -> tuple[list[str], list]:
        """The viewport and the radius, on the indexed (lon, lat) columns."""
        where: list[str] = []
        params: list = []
        if query.bbox:
            west, south, east, north = query.bbox
            where.append("e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s")
            params.extend([west, east, south, north])
        if query.near and query.radius_km:
            lat, lon = query.near
            # A box around the circle on the indexed columns, then the circle itself
            # (equirectangular: well under 0.1% off at these distances; exact geodesic distance
            # is computed for the rows returned).
            d_lat = query.radius_km / KM_PER_DEGREE * 1.01
            d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
            where.append("e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s")
            params.extend([lon - d_lon, lon + d_lon, lat - d_lat, lat + d_lat])
            k = math.cos(math.radians(lat))
            where.append(
                "((e.lat - %s) * (e.lat - %s) + (e.lon - %s) * %s * (e.lon - %s) * %s) <= %s"
            )
            radius_deg = query.radius_km * 1.005 / KM_PER_DEGREE
            params.extend([lat, lat, lon, k, lon, k, radius_deg * radius_deg])
        return where, params

    def _order(self, query: SearchQuery) -> tuple[str, list]:
        if query.near:
            lat, lon = query.near
            k = math.cos(math.radians(lat))
            return (
                "((e.lat - %s) * (e.lat - %s) + (e.lon - %s) * %s * (e.lon - %s) * %s), e.id",
                [lat, lat, lon, k, lon, k],
            )
        return "e.level_rank, e.division_code, e.id", []

    def _match(self, groups, title_only: bool, any_group: bool) -> str:
        if connection.vendor == "postgresql":
            # Title-only matches run on the title vector (``_match_sql``): no weights needed.
            parts = [
                "(" + " | ".join(f"'{t}'" for t in sorted(g.alternatives)) + ")" for g in groups
            ]
            return (" | " if any_group else " & ").join(parts)
        parts = [
            "("
            + " OR ".join('"' + t.replace('"', '""') + '"' for t in sorted(g.alternatives))
            + ")"
            for g in groups
        ]
        expression = (" OR " if any_group else " AND ").join(parts)
        return f"title_tokens : ({expression})" if title_only else expression

    def _match_sql(self, bound: int | None = None, title_only: bool = False) -> str:
        """The full-text condition; with ``bound``, only the first so many matches qualify
        (so that ordering the title matches of a common word never sorts the whole index).
        On SQLite a title-only match says so itself (``_match``); PostgreSQL has a vector of the
        titles alone."""
        limit = f" LIMIT {int(bound)}" if bound else ""
        if connection.vendor == "postgresql":
            vector = "title_tsv" if title_only else "tsv"
            if bound:
                # An array computed once (an InitPlan): as `IN (SELECT ... LIMIT)` PostgreSQL
                # may run the subquery again for every row in a viewport (43 s at 18k rows).
                return (
                    f"e.id = ANY(ARRAY(SELECT id FROM {TABLE} "
                    f"WHERE {vector} @@ %s::tsquery{limit}))"
                )
            return f"e.{vector} @@ %s::tsquery"
        return f"e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s{limit})"

    def _ids(
        self, match: str, query: SearchQuery, groups=None, titles: list[int] | None = None
    ) -> tuple[list[int], tuple[str, tuple] | None]:
        """Every matching row id, in id order, with the query's filters applied.

        When a division, a viewport or radius, or one of the words is narrow, its few rows are
        the candidates (``_narrowest_first_ids``). Otherwise the full text yields the ids alone
        (on SQLite from the FTS index, with no lookup of each matching row in the table: a
        city's name matches 120k rows at 700k points, and looking them all up costs close to a
        second), kept for the next query with the same words when they are many
        (``_MATCHES``); a viewport or radius keeps those inside it (read from the (lon, lat)
        index). Type, level, division and category are tested on each id's facet values held in
        this process (``_FacetMap``), not in SQL. The count is their number and the facets are
        counted from them. Also returns, when the ids are a kept list's filtered by attributes
        alone, the (match, filters) under which what is derived from them is kept.
        """
        geo, geo_params = self._geo_filters(query)
        ids = self._narrowest_first_ids(groups or [], query, geo, geo_params, titles)
        kept_as = None
        if ids is None:
            ids = _MATCHES.get(match)
            if ids is None:
                ids = self._match_ids(match)
                if len(ids) > RARE_BOUND:
                    _MATCHES.put(match, ids)
            if not geo:
                kept_as = (match, _filter_key(query))
            if geo and ids:
                inside = self._geo_ids(geo, geo_params)
                ids = (
                    sorted(inside.intersection(ids))
                    if len(inside) < len(ids)
                    else [i for i in ids if i in inside]
                )
        keep = _keep(query)
        if keep is not None and ids:
            if kept_as:
                listed = ids
                ids = _MATCHES.derived(
                    match, ("ids", kept_as[1]), lambda: _FACET_MAP.select(listed, keep)
                )
            else:
                ids = _FACET_MAP.select(ids, keep)
        return ids, kept_as

    @staticmethod
    def _match_ids(match: str) -> list[int]:
        """Every id the full-text ``match`` finds, in id order."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"SELECT {_ids_sql('rowid')} FROM search_fts WHERE search_fts MATCH %s",
                    [match],
                )
                ids = _fetched_ids(cursor)
            else:
                with _index_scans(cursor):
                    cursor.execute(
                        f"SELECT {_ids_sql('e.id')} FROM {TABLE} e WHERE e.tsv @@ %s::tsquery",
                        [match],
                    )
                    ids = _fetched_ids(cursor)
        ids.sort()  # nearly sorted already (heap order): linear
        return ids

    def _narrowest_first_ids(
        self,
        groups,
        query: SearchQuery,
        geo: list[str],
        geo_params: list,
        titles: list[int] | None = None,
    ) -> list[int] | None:
        """The ids matching every group and filter, found from the narrowest of the query's
        parts when one is narrow: a division (儿童之家 in one county: its few thousand rows,
        from the division index), a viewport or radius (from the (lon, lat) index), or a rare
        word (a place) beside common ones (儿童之家: its words and their pinyin readings are in
        every village home). The full-text AND would read the common words' whole lists
        (200-450 ms on SQLite, 0.9-2 s on PostgreSQL at 700k rows); instead the narrow part's
        rows (at most ``RARE_BOUND``) are read and the groups tested on their tokens (the same
        tokens the full-text index holds). None when nothing is narrow enough: the full-text
        AND answers. On SQLite, ``titles`` receives those of the ids whose titles match every
        group (tested on the same tokens).
        """
        narrowest: tuple[int, list[int]] | None = None
        conditions = list(geo)
        condition_params = list(geo_params)
        if query.division:
            division_sql, division_params = _division_condition(_division_prefix(query))
            conditions.insert(0, division_sql)
            condition_params[:0] = division_params
            ids = self._first_ids(division_sql, division_params)
            if not ids:
                return []
            if len(ids) <= RARE_BOUND:
                narrowest = (-1, ids)
        if geo and narrowest is None:
            ids = self._first_ids(" AND ".join(geo), geo_params)
            if not ids:
                return []
            if len(ids) <= RARE_BOUND:
                narrowest = (-1, ids)
        # A division or place few enough is used as it is: probing the words would read their
        # lists. One word alone is its own full-text list.
        if narrowest is None and len(groups) > 1:
            narrowest = self._rarest_group(groups)
            if narrowest is not None and not narrowest[1]:
                return []
        if narrowest is None:
            return None
        position, ids = narrowest
        others = [g for i, g in enumerate(groups) if i != position]
        # The other filters in SQL, on these few rows only.
        if connection.vendor == "postgresql":
            # PostgreSQL tests the other groups on each row's vector: half the time of reading
            # the rows' tokens out of TOAST (29 against 60 ms for 6k rows).
            # OFFSET 0 keeps the planner from intersecting with the GIN list of a common group
            # (reading all of it, 90 ms for "county"): the few rows are fetched, then tested.
            rest, rest_params = "", []
            if others:
                rest = "WHERE narrow.tsv @@ %s::tsquery"
                rest_params = [self._match(others, title_only=False, any_group=False)]
            condition, id_param = _id_condition(ids)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {_ids_sql('narrow.id')} FROM (SELECT e.id, e.tsv "
                    f"FROM {TABLE} e WHERE {' AND '.join([condition, *conditions])} "
                    f"OFFSET 0) AS narrow {rest}",
                    [id_param, *condition_params, *rest_params],
                )
                return sorted(_fetched_ids(cursor))
        condition, id_param = _id_condition(ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.title_tokens, e.body_tokens FROM {TABLE} e "
                f"WHERE {' AND '.join([condition, *conditions])}",
                [id_param, *condition_params],
            )
            rows = cursor.fetchall()
        kept, in_titles = [], []
        for row_id, title_tokens, body_tokens in rows:
            tokens = TokenSet(f"{title_tokens} {body_tokens}")
            if all(g.alternatives & tokens for g in others):
                kept.append(row_id)
                title = TokenSet(title_tokens)
                if all(g.alternatives & title for g in groups):
                    in_titles.append(row_id)
        kept.sort()
        if titles is not None:
            titles.extend(sorted(in_titles))
        return kept

    @staticmethod
    def _first_ids(condition: str, params: list, source: str = f"{TABLE} e") -> list[int]:
        """At most ``RARE_BOUND`` + 1 ids meeting ``condition`` (on an index): is it narrow?"""
        column = "rowid AS id" if source == "search_fts" else "e.id"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_ids_sql('id')} FROM (SELECT {column} FROM {source} "
                f"WHERE {condition} LIMIT %s) AS first",
                [*params, RARE_BOUND + 1],
            )
            return _fetched_ids(cursor)

    def _rarest_group(self, groups) -> tuple[int, list[int]] | None:
        """(position, ids) of the group with the fewest matches if it has at most
        ``RARE_BOUND``; (position, []) when a group matches nothing; else None.

        SQLite reads at most ``RARE_BOUND`` + 1 ids of each group (a common group stops early).
        PostgreSQL cannot stop early cheaply (a GIN scan gathers the whole list first, and a
        sequential scan decompresses every row's vector), so the planner's statistics of the
        vector's words say which group is the rarest, and only that one is read (still bounded:
        statistics can be stale).
        """
        matches = [self._match([g], title_only=False, any_group=False) for g in groups]
        positions = range(len(groups))
        if connection.vendor == "postgresql":
            # ANALYZE's statistics of the most common words (a word too rare to be listed is
            # estimated from a default). Twice the bound: an estimate is a sample's; a read that
            # overflows gives up early.
            estimates = sorted((_estimated_matches(matches[p]), p) for p in positions)
            positions = [p for e, p in estimates if e <= 2 * RARE_BOUND]
        rarest = None
        for position in positions:
            match = matches[position]
            if connection.vendor == "sqlite":
                # Straight from the FTS index, which stops at the limit (as a subquery of the
                # table, SQLite would list every match of a common word first).
                ids = self._first_ids("search_fts MATCH %s", [match], source="search_fts")
            else:
                with connection.cursor() as cursor, _index_scans(cursor):
                    ids = self._first_ids("e.tsv @@ %s::tsquery", [match])
            if not ids:
                return position, []
            if len(ids) <= RARE_BOUND and (rarest is None or len(ids) < len(rarest[1])):
                rarest = (position, ids)
                if connection.vendor == "postgresql":
                    break  # the likeliest rarest, and rare indeed: the others are not read
        return rarest

    @staticmethod
    def _geo_ids(geo: list[str], geo_params: list) -> set[int]:
        """Ids of the rows inside a viewport or circle, from the (lon, lat) index alone."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_ids_sql('e.id')} FROM {TABLE} e WHERE {' AND '.join(geo)}", geo_params
            )
            return set(_fetched_ids(cursor))

    def _rows(
        self,
        match,
        where,
        params,
        order,
        order_params,
        limit=CANDIDATES,
        offset=0,
        bound=None,
        title_only=False,
    ):
        conditions = ([self._match_sql(bound, title_only)] if match is not None else []) + where
        sql = f"SELECT {COLUMNS} FROM {TABLE} e"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        if order:
            sql += f" ORDER BY {order}"
        sql += " LIMIT %s OFFSET %s"
        args = ([match] if match is not None else []) + params + order_params + [limit, offset]
        with connection.cursor() as cursor:
            with (
                _index_scans(cursor)
                if self._from_index(match, bound, title_only)
                else nullcontext()
            ):
                cursor.execute(sql, args)
                names = [c[0] for c in cursor.description]
                rows = cursor.fetchall()
            return [dict(zip(names, values, strict=True)) for values in rows]

    @staticmethod
    def _from_index(match: str | None, bound: int | None, title_only: bool) -> bool:
        """PostgreSQL: whether to read a full-text condition from its GIN index (the bitmap of
        every match) rather than let the planner scan the table. A bounded match of a word in
        more than a quarter of the rows is met in the first rows of a scan (儿童之家's first 5,000
        title matches: 0.3 s from the index, a few ms scanned); any other is read from the index
        (关爱's first 5,000 title matches, of 1,107 at 700k rows: a scan of every title, 2.1 s;
        from the index, 10 ms). Rare words are estimated high, common ones well."""
        if match is None or connection.vendor != "postgresql":
            return False
        if not bound:
            return True
        vector = "title_tsv" if title_only else "tsv"
        return _estimated_matches(match, vector) * 4 < _estimated_table_rows()

    @staticmethod
    def _title_rows_among(ids: list[int], match_title: str, order: str, order_params) -> list[dict]:
        """PostgreSQL: the first ``CANDIDATES`` rows in ``order`` among ``ids`` whose titles
        match. OFFSET 0: the few rows are fetched and tested, not intersected with the title
        vector's GIN list (all of it, for a common word)."""
        # The order's columns only: sorting whole rows would read every text out of TOAST.
        condition, id_param = _id_condition(ids)
        sql = (
            "SELECT e.id FROM (SELECT id, title_tsv, level_rank, division_code, lat, lon "
            f"FROM {TABLE} e WHERE {condition} OFFSET 0) AS e "
            f"WHERE e.title_tsv @@ %s::tsquery ORDER BY {order} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [id_param, match_title, *order_params, CANDIDATES])
            first = [row[0] for row in cursor.fetchall()]
        return DatabaseBackend._rows_by_id(first, order, order_params)

    @staticmethod
    def _rows_by_id(
        ids: list[int], order: str = "e.id", order_params: list | None = None, limit=None
    ) -> list[dict]:
        if not ids:
            return []
        condition, id_param = _id_condition(ids)
        sql = f"SELECT {COLUMNS} FROM {TABLE} e WHERE {condition} ORDER BY {order}"
        args = [id_param, *(order_params or [])]
        if limit:
            sql += " LIMIT %s"
            args.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def _nearest_rows(self, ids: list[int], query: SearchQuery, match, where, params) -> list[dict]:
        """The ``CANDIDATES`` matches nearest to ``query.near``: looked for in growing boxes on
        the (lon, lat) index, intersected with the matching ids, so that only the matches in the
        first box that holds enough of them are sorted (not every match in the country)."""
        order, order_params = self._order(query)
        lat, lon = query.near
        wanted: set[int] | None = None
        for radius_km in NEAR_BOXES_KM:
            if query.radius_km and radius_km > 2 * query.radius_km:
                break  # every match is inside the radius: the box would add nothing
            d_lat = radius_km / KM_PER_DEGREE
            d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
            box = self._geo_ids(
                ["e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s"],
                [lon - d_lon, lon + d_lon, lat - d_lat, lat + d_lat],
            )
            if len(box) < CANDIDATES:
                continue
            if len(box) * 20 < len(ids):
                # A box far smaller than the matches: look each up in the sorted ids (a set of
                # 700k ids costs 50 ms to build).
                inside = [i for i in sorted(box) if _contains(ids, i)]
            else:
                if wanted is None:
                    wanted = set(ids)
                inside = sorted(box & wanted)
            if len(inside) < CANDIDATES:
                continue
            found = self._rows_by_id(inside, order, order_params, limit=CANDIDATES)
            # Rows nearer than the box's half-width are surely the nearest of all matches.
            if distance_m(found[-1], query) <= radius_km * 1000:
                return found
        if len(ids) <= 20 * CANDIDATES:
            return self._rows_by_id(ids, order, order_params, limit=CANDIDATES)
        return self._rows(match, where, params, order, order_params)

    def _sql_facets(self, match, where, params) -> dict[str, dict[str, int]]:
        conditions = ([self._match_sql()] if match is not None else []) + where
        base = f"FROM {TABLE} e" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        args = ([match] if match is not None else []) + params
        # One pass: the distinct (type, level, city, categories) combinations are few.
        sql = (
            f"SELECT e.doc_type, e.level, e.city_code, e.categories, COUNT(*) {base} "
            "GROUP BY e.doc_type, e.level, e.city_code, e.categories"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return _tally((row[:4], row[4]) for row in cursor.fetchall())

    def _browse(self, query, where, params, order, order_params) -> SearchResult:
        """No text: filters only, ordered by distance (near) or network level.

        Count and facets never read the matching rows: without a viewport or radius they come
        from the per-combination counts of the whole index held in this process
        (``_FacetMap.histogram``), with one from the ids the (lon, lat) index holds inside it.
        """
        start = (query.page - 1) * query.page_size
        rows = None
        if query.near and not query.radius_km:
            # Sorting every row by distance reads them all: look in growing boxes around the
            # point first, and sort only what is inside the first box that holds this page.
            lat, lon = query.near
            for radius_km in NEAR_BOXES_KM:
                d_lat = radius_km / KM_PER_DEGREE
                d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
                box = ["e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s"]
                box_params = [lon - d_lon, lon + d_lon, lat - d_lat, lat + d_lat]
                found = self._rows(
                    None,
                    where + box,
                    params + box_params,
                    order,
                    order_params,
                    query.page_size,
                    start,
                )
                # Inside the box, rows nearer than the box's half-width are surely the nearest.
                if len(found) == query.page_size and all(
                    distance_m(r, query) <= radius_km * 1000 for r in found
                ):
                    rows = found
                    break
        if rows is None:
            rows = self._rows(None, where, params, order, order_params, query.page_size, start)
        geo, geo_params = self._geo_filters(query)
        keep = _keep(query)
        if geo:
            ids = sorted(self._geo_ids(geo, geo_params))
            if keep is not None:
                ids = _FACET_MAP.select(ids, keep)
            count, facets = len(ids), _FACET_MAP.facets(ids)
        else:
            count, facets = _FACET_MAP.count_all(keep)
        hits = [self._hit(row, distance_m(row, query), query) for row in rows]
        return SearchResult(count=count, hits=hits, facets=facets, backend=self.name)

    # Hits -------------------------------------------------------------------------------------

    @staticmethod
    def _hit(row: dict, distance: float | None, query: SearchQuery) -> SearchHit:
        english = query.language.startswith("en")
        body = (row["body_en"] if english and row["body_en"] else row["body"]) or ""
        snippet = body if len(body) <= SNIPPET_CHARS else body[: SNIPPET_CHARS - 1] + "…"
        return SearchHit(
            document=_document(row),
            score=0.0,
            distance_m=round(distance, 1) if distance is not None else None,
            snippet=snippet,
        )


class _FacetMap:
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
            version = _index_version()
            if version != self.version and (self.read_to or self.version is not None):
                self._reset()
            self.version = version
            if top is None or top > self.read_to:
                self._read()
            if top is not None and top >= len(self.numbers):  # deleted meanwhile
                self.numbers.frombytes(bytes(self.numbers.itemsize * (top + 1 - len(self.numbers))))
            return self.numbers, self.combinations

    @staticmethod
    def _numbers_of(numbers: array, ids: list[int]):
        # itemgetter reads them all in C: about twice as fast as a Python-level map.
        return itemgetter(*ids)(numbers) if len(ids) > 1 else [numbers[i] for i in ids]

    def facets(self, ids: list[int]) -> dict[str, dict[str, int]]:
        """Facet counts of ``ids`` (ascending, as every caller has them)."""
        if not ids:
            return _empty_facets()
        numbers, combinations = self._snapshot(ids[-1])
        return _count(Counter(self._numbers_of(numbers, ids)), combinations)

    def select(self, ids: list[int], keep: Callable[[tuple], bool]) -> list[int]:
        """The ids (ascending) whose values pass ``keep``."""
        if not ids:
            return []
        numbers, combinations = self._snapshot(ids[-1])
        allowed = bytes(bool(n) and keep(c) for n, c in enumerate(combinations))
        return list(compress(ids, map(allowed.__getitem__, self._numbers_of(numbers, ids))))

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
            # The first read takes every row from the narrow facet index on SQLite (a tenth of
            # the table's pages); later ones only the new ids, by id range.
            source = TABLE
            if self.read_to == 0 and connection.vendor == "sqlite":
                source = f"{TABLE} INDEXED BY {FACET_INDEX}"
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


_FACET_MAP = _FacetMap()


_cache_warned = False


def _explained_rows(sql: str, params: list) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _estimated_matches(match: str, vector: str = "tsv") -> float:
    """PostgreSQL's estimate of the index rows whose ``vector`` matches the tsquery ``match``."""
    return _explained_rows(f"SELECT id FROM {TABLE} e WHERE e.{vector} @@ %s::tsquery", [match])


def _estimated_table_rows() -> float:
    """PostgreSQL's estimate of the index's rows."""
    return _explained_rows(f"SELECT id FROM {TABLE}", [])


def _index_version():
    try:
        return cache.get(INDEX_VERSION_KEY)
    except Exception:  # a cache outage must not break search: deletions elsewhere go unseen
        global _cache_warned
        if not _cache_warned:
            _cache_warned = True
            log.warning("search: cache unavailable, index version unknown", exc_info=True)
        return None


def _index_changed() -> None:
    """Tell every process's facet map, once the write commits, that rows may have gone."""

    def bump() -> None:
        try:
            cache.add(INDEX_VERSION_KEY, 0, None)
            cache.incr(INDEX_VERSION_KEY)
        except Exception:
            log.warning("search: could not record an index change", exc_info=True)

    transaction.on_commit(bump)


def _division_prefix(query: SearchQuery) -> str:
    return (query.division or "").replace("%", "").replace("_", "")


def _ids_sql(column: str) -> str:
    """An aggregate of ``column``'s ids as one comma-separated string (read by
    ``_fetched_ids``): about half the time of a row per id for 100k ids."""
    if connection.vendor == "sqlite":
        return f"group_concat({column})"
    return f"string_agg({column}::text, ',')"


def _fetched_ids(cursor) -> list[int]:
    """The ids of the ``_ids_sql`` aggregate just selected."""
    found = cursor.fetchone()[0]
    # json parses the numbers in C: about 3x faster than int() on each piece.
    return json.loads(f"[{found}]") if found else []


def _id_condition(ids: list[int]) -> tuple[str, object]:
    """``e.id`` among ``ids`` as (SQL, its one parameter), however many ids (SQLite limits the
    number of parameters: the ids go as one JSON array)."""
    if connection.vendor == "sqlite":
        return "e.id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    return "e.id = ANY(%s)", list(ids)


def _contains(ascending: list[int], value: int) -> bool:
    at = bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


def _division_condition(prefix: str) -> tuple[str, list]:
    """Codes starting with ``prefix`` as a range on the division index. ``LIKE 'p%'`` uses no
    index on PostgreSQL unless the column's collation is C, and codes are digits, which every
    collation orders alike: "3501" <= code < "3502"."""
    if prefix.isdigit() and prefix.isascii() and prefix.strip("9"):
        upper = str(int(prefix) + 1).zfill(len(prefix))
        return "e.division_code >= %s AND e.division_code < %s", [prefix, upper]
    return "e.division_code LIKE %s", [prefix + "%"]


@contextmanager
def _index_scans(cursor):
    """PostgreSQL, for the statements run inside: read full-text matches from the GIN index.

    The planner prices testing a row's vector as cheap, but the vector is TOASTed: for a word in
    a sixth of the rows it chose a sequential scan that decompresses all of them (1.9 s at 700k
    rows against 0.16 s for a bitmap scan of the index). The settings are the transaction's and
    are put back afterwards; ``work_mem`` keeps a bitmap of every row exact (a lossy one
    rechecks every row), and JIT compiling costs more than these plans save.
    """
    names = ("enable_seqscan", "work_mem", "jit")
    with transaction.atomic(using=connection.alias):
        cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
        previous = cursor.fetchone()
        settings = ", ".join(["set_config(%s, %s, true)"] * len(names))
        cursor.execute(
            f"SELECT {settings}", ["enable_seqscan", "off", "work_mem", "64MB", "jit", "off"]
        )
        yield
        cursor.execute(
            f"SELECT {settings}", [v for pair in zip(names, previous, strict=True) for v in pair]
        )


class _MatchCache:
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
        version = _index_version()
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


_MATCHES = _MatchCache()


def _filter_key(query: SearchQuery) -> tuple:
    """What ``_keep`` tests, as a key."""
    division = _division_prefix(query) if query.division else None
    located = bool(query.near or query.bbox)
    return (tuple(sorted(query.types)), query.level, division, query.category, located)


def _keep(query: SearchQuery) -> Callable[[tuple], bool] | None:
    """The query's type/level/division/category filters (and ``near``'s "has a location") as a
    test of a row's values in ``_FacetMap``; None when there is nothing to test."""
    types = frozenset(query.types)
    level, category = query.level, query.category
    division = _division_prefix(query) if query.division else None
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


def _count(per_combination: Counter, combinations: list[tuple]) -> dict[str, dict[str, int]]:
    return _tally((combinations[number][:4], n) for number, n in per_combination.items() if number)


def _tally(groups) -> dict[str, dict[str, int]]:
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


def _empty_facets() -> dict[str, dict[str, int]]:
    return {"type": {}, "level": {}, "city": {}, "category": {}}


def _facets_of(rows) -> dict[str, dict[str, int]]:
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
