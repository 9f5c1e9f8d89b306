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

The query is analysed first (``search.analysis``: folding, question words, a level word as a
level filter). Places that lie apart (泰宁 马尾) are one group that either matches
(``text.merge_separate_places``). When no document matches every group and the query names a
place, the words
that match nothing are dropped, then every word but the place's (place first: the candidates
stay that place's), and places that share no record are relaxed to "any of them"; without a
place the query is relaxed to "any group".
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from search import text
from search.analysis import attempts
from search.contract import (
    Cluster,
    ClusterQuery,
    MatchedPoint,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search.models import SearchEntry
from search.ranking import CANDIDATES, distance_m, rank, rough_distance_m, within_radius

from .changes import index_changed
from .dialect import RARE_BOUND, TABLE, dialect, division_condition, fetched_ids
from .entries import COLUMNS, LEVEL_RANK, cells_covering, entry_values, to_document
from .facets import (
    FACET_MAP,
    division_prefix,
    empty_facets,
    facets_of,
    filter_key,
    keep_test,
    tally,
)
from .matches import MATCHES
from .preparation import prepared_batches

TITLE_BOUND = 5000  # title matches put in network order, at most
KM_PER_DEGREE = 111.32
SNIPPET_CHARS = 120
# "Near me" looks in boxes of these half-widths (km) around the point before sorting everything.
NEAR_BOXES_KM = (1, 5, 25, 100, 400)


@dataclass(frozen=True)
class _Retrieved:
    ids: list[int]
    kept_as: tuple | None
    titles: list[int]
    match: str
    groups: list
    relaxed: bool


def _contains(ascending: list[int], value: int) -> bool:
    at = bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


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
        dialect().write_entries([entry_values(d) for d in documents])
        FACET_MAP.clear()
        MATCHES.clear()
        index_changed()
        return len(documents)

    def remove(self, doc_type: str, ids: Iterable[str]) -> int:
        deleted, _ = SearchEntry.objects.filter(
            doc_type=doc_type, doc_id__in=[str(i) for i in ids]
        ).delete()
        FACET_MAP.clear()
        MATCHES.clear()
        index_changed()
        return deleted

    @transaction.atomic
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        SearchEntry.objects.all().delete()
        FACET_MAP.clear()
        MATCHES.clear()
        index_changed()
        written = 0
        sql = dialect()
        # The text of the next batches is prepared (in other processes for a large rebuild)
        # while this one is written.
        for rows in prepared_batches(documents):
            sql.write_entries(rows)
            written += len(rows)
        sql.after_rebuild()
        return written

    def warm_up(self) -> None:
        """Read this process's id map now (about 1.5 s at 700k rows), not on a visitor's query."""
        FACET_MAP.count_all(None)

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
        """The first of the query's attempts (``analysis.attempts``: a level word as a level
        filter, then without it) that finds something."""
        result = None
        for attempt in attempts(query):
            result = self._search(attempt)
            if result.count:
                break
        return result

    def _search(self, query: SearchQuery) -> SearchResult:
        groups = text.query_groups(query.text) if query.text.strip() else []
        where, params = self._filters(query)
        order, order_params = self._order(query)
        if not groups:
            return self._browse(query, where, params, order, order_params)

        found = self._retrieve(query, groups)
        ids, kept_as, titles = found.ids, found.kept_as, found.titles
        match_all, retrieval, relaxed = found.match, found.groups, found.relaxed
        count = len(ids)
        if count == 0:
            return SearchResult(count=0, hits=[], facets=empty_facets(), backend=self.name)

        complete = count <= CANDIDATES
        if complete:
            rows = {r["id"]: r for r in self._rows_by_id(ids)}
        else:
            # Too many to rank them all: title matches (the likeliest answers) in network
            # order, then other matches: the nearest with `near`, else the first ones by id
            # (ordering them all would read every one: a city's name matches a sixth of the
            # country).
            match_title = self._match(retrieval, title_only=True, any_group=relaxed)
            if titles and not relaxed:
                # Found on the tokens already read (67 -> 15 ms for 泰宁儿童之家 on SQLite); the
                # type/level/category filters were applied to the ids after.
                titles = [i for i in titles if _contains(ids, i)]
                title_rows = self._rows_by_id(titles, order, order_params, limit=CANDIDATES)
            elif (
                count <= RARE_BOUND
                and dialect().titles_among_ids
                and (query.division or query.bbox or query.radius_km)
            ):
                # Few enough: the title matches among them (the first TITLE_BOUND title matches
                # of the country, then filtered, may hold none of a county's or a radius's;
                # 244 -> 66 ms for 关爱 within 10 km). Not on SQLite: a MATCH there lists every
                # title match of the word before the few ids are looked up.
                title_rows = self._title_rows_among(ids, match_title, order, order_params)
            else:
                cells = self._cells(query) if dialect().cells_in_titles else None
                if cells:
                    # The title list of a word in most rows is read whole too (a column filter
                    # tests each of its entries); only the area's cells' are read.
                    match_title = dialect().within_cells(match_title, cells)
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
            facets = facets_of(r[0] for r in ranked)
        elif complete:
            facets = facets_of(rows.values())
        elif kept_as:
            facets = MATCHES.derived(
                kept_as[0], ("facets", kept_as[1]), lambda: FACET_MAP.facets(ids)
            )
        else:
            facets = FACET_MAP.facets(ids)
        start = (query.page - 1) * query.page_size
        page = ranked[start : start + query.page_size]
        return SearchResult(
            count=count,
            hits=[self._hit(row, distance_m(row, query), query) for row, _, _ in page],
            facets=facets,
            backend=self.name,
        )

    def _retrieve(self, query: SearchQuery, groups) -> _Retrieved:
        """Every id matching the query's groups and filters, relaxed when none does."""
        relaxed = False
        groups = text.merge_separate_places(groups)
        match_all = self._match(groups, title_only=False, any_group=False)
        titles: list[int] = []  # SQLite's narrow path: the title matches among the ids
        ids, kept_as = self._ids(match_all, query, groups, titles)
        retrieval = groups
        places = [g for g in groups if text.is_place_word(g)]
        # Place first: a word that matches nothing there is dropped, never the place (the
        # candidates stay that place's, not every record with any of the words); of two places
        # that share no record, the broader one (泰宁 建设: the county, not a township 建设).
        steps = []
        if places and len(places) < len(groups):
            steps.append(lambda: [g for g in groups if g in places or self._matches_anything(g)])
            steps.append(lambda: places)
        if len(places) > 1:
            steps.append(lambda: text.broadest_places(places))
        tried = len(groups)
        for next_step in steps:
            if ids:
                break
            step = next_step()
            if len(step) < tried:
                tried = len(step)
                match_all = self._match(step, title_only=False, any_group=False)
                titles = []
                ids, kept_as = self._ids(match_all, query, step, titles)
                retrieval = step
        if not ids and len(groups) > 1:
            # Without a place, any word; with places that share no record (泰宁 马尾, two
            # counties, when merge_separate_places could not tell), any of them: the person
            # wants either, never nothing.
            either = text.broadest_places(places) if places else groups
            if len(either) > 1:
                relaxed, retrieval = True, either
                match_all = self._match(either, title_only=False, any_group=True)
                ids, kept_as = self._ids(match_all, query)
        return _Retrieved(ids, kept_as, titles, match_all, retrieval, relaxed)

    def matching_points(self, query: SearchQuery) -> list[MatchedPoint]:
        """Every document the search would count for ``query`` (not only a page of them), with
        its position: what the map clusters. The same analysis, attempts and relaxation as
        ``search``; ``page`` and ``page_size`` are ignored."""
        for attempt in attempts(query):
            groups = text.query_groups(attempt.text) if attempt.text.strip() else []
            if groups:
                ids = self._retrieve(attempt, groups).ids
            else:
                where, params = self._filters(attempt)
                sql = f"SELECT e.id FROM {TABLE} e"
                if where:
                    sql += " WHERE " + " AND ".join(where)
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    ids = [row[0] for row in cursor.fetchall()]
            if ids:
                break
        else:
            return []
        condition, id_param = dialect().id_condition(ids)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.doc_type, e.doc_id, e.lat, e.lon, e.level, e.division_code "
                f"FROM {TABLE} e WHERE {condition} ORDER BY e.id",
                [id_param],
            )
            points = [MatchedPoint(*row) for row in cursor.fetchall()]
        if attempt.near and attempt.radius_km:
            points = [
                p
                for p in points
                if p.lat is not None
                and within_radius(
                    {"lat": p.lat, "lon": p.lon},
                    rough_distance_m({"lat": p.lat, "lon": p.lon}, attempt),
                    attempt,
                )
            ]
        return points

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
        plus = dialect().unindexed
        if query.types:
            where.append(f"{plus}e.doc_type IN ({', '.join(['%s'] * len(query.types))})")
            params.extend(query.types)
        if query.level:
            where.append(f"{plus}e.level = %s")
            params.append(query.level)
        if query.division:
            division_sql, division_params = division_condition(division_prefix(query))
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
            west, south, east, north = DatabaseBackend._circle_box(query)
            where.append("e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s")
            params.extend([west, east, south, north])
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

    @staticmethod
    def _circle_box(query: SearchQuery) -> tuple[float, float, float, float]:
        """(west, south, east, north) of a box around the radius."""
        lat, lon = query.near
        d_lat = query.radius_km / KM_PER_DEGREE * 1.01
        d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
        return lon - d_lon, lat - d_lat, lon + d_lon, lat + d_lat

    @staticmethod
    def _cells(query: SearchQuery) -> list[str] | None:
        """The grid cells covering the query's viewport or radius (see ``cells_covering``)."""
        if query.near and query.radius_km:
            return cells_covering(*DatabaseBackend._circle_box(query))
        if query.bbox:
            return cells_covering(*query.bbox)
        return None

    def _match(self, groups, title_only: bool, any_group: bool) -> str:
        return dialect().match(groups, title_only, any_group)

    def _match_sql(self, bound: int | None = None, title_only: bool = False) -> str:
        return dialect().match_sql(bound, title_only)

    def _matches_anything(self, group) -> bool:
        """Whether any row carries the group (one id read from the full-text index)."""
        sql = dialect()
        match = sql.match([group], title_only=False, any_group=False)
        # From the index unless the word is common (on PostgreSQL the planner scanned the table
        # for a word in no row, decompressing every vector: 5-8 s at 700k rows).
        from_index = sql.from_index(match, 1, False)
        with (
            connection.cursor() as cursor,
            sql.index_scans(cursor) if from_index else nullcontext(),
        ):
            cursor.execute(f"SELECT 1 FROM {TABLE} e WHERE {sql.match_sql()} LIMIT 1", [match])
            return cursor.fetchone() is not None

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
            cells = self._cells(query) if geo else None
            if cells:
                # Only the matches in the area's cells (the word's whole list is not read: a
                # word in most rows within 10 km, 25k of 700k, 0.3 s -> 20 ms on SQLite).
                within = dialect().within_cells(match, cells)
                ids = dialect().match_ids_where(within, geo, geo_params)
                if ids is not None:
                    ids.sort()
                    geo = []  # tested on the rows the match read
                else:
                    ids = self._match_ids(within)
            else:
                ids = MATCHES.get(match)
                if ids is None:
                    ids = self._match_ids(match)
                    if len(ids) > RARE_BOUND:
                        MATCHES.put(match, ids)
            if not geo and not cells:
                kept_as = (match, filter_key(query))
            if geo and ids:
                inside = self._geo_ids(geo, geo_params)
                ids = (
                    sorted(inside.intersection(ids))
                    if len(inside) < len(ids)
                    else [i for i in ids if i in inside]
                )
        keep = keep_test(query)
        if keep is not None and ids:
            if kept_as:
                listed = ids
                ids = MATCHES.derived(
                    match, ("ids", kept_as[1]), lambda: FACET_MAP.select(listed, keep)
                )
            else:
                ids = FACET_MAP.select(ids, keep)
        return ids, kept_as

    @staticmethod
    def _match_ids(match: str) -> list[int]:
        """Every id the full-text ``match`` finds, in id order."""
        ids = dialect().match_ids(match)
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
        every village home). A full-text AND with no rare part would read the common words'
        whole lists (200-450 ms on SQLite, 0.9-2 s on PostgreSQL at 700k rows); instead the
        narrow part's rows (at most ``RARE_BOUND``) are read and the groups tested on their
        tokens (the same tokens the full-text index holds), or, for a rare word, the AND is
        asked once the word is known to be rare. None when nothing is narrow enough: the
        full-text AND answers. On SQLite, ``titles`` receives those of the ids whose titles
        match every group when the rows were tested here.
        """
        narrowest: tuple[int, list[int]] | None = None
        conditions = list(geo)
        condition_params = list(geo_params)
        if query.division:
            division_sql, division_params = division_condition(division_prefix(query))
            conditions.insert(0, division_sql)
            condition_params[:0] = division_params
            ids = self._first_ids(division_sql, division_params)
            if not ids:
                return []
            if len(ids) <= RARE_BOUND:
                narrowest = (-1, ids)
        # With words, an area the grid cells cover is matched in the full-text index (``_ids``):
        # testing the tokens of its rows costs ~7 µs a row (10k rows within 10 km: 70 ms).
        if geo and narrowest is None and not (groups and self._cells(query)):
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
        if position >= 0 and not geo:
            # A rare word, now known to be rare, beside common ones: both full-text indexes
            # answer the AND by seeking through the common words' lists along the rare one's
            # (at 700k rows, 鼓楼 儿童 on PostgreSQL: 10 ms against 36 ms testing 7k rows'
            # vectors; 泰宁 guanai on SQLite: 5 ms against 75-110 ms reading and testing 6k
            # rows' tokens). Only an AND not known to have a rare part reads whole lists. In an
            # area, the area's few rows are tested as they are.
            match = self._match(groups, title_only=False, any_group=False)
            found = dialect().match_ids_where(match, conditions, condition_params)
            if found is not None:
                return sorted(found)
        # The other filters in SQL, on these few rows only.
        return dialect().narrow_ids(ids, conditions, condition_params, groups, others, titles)

    @staticmethod
    def _first_ids(condition: str, params: list) -> list[int]:
        return dialect().first_ids(condition, params)

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
        sql = dialect()
        rarest = None
        for position in sql.likely_rare(matches):
            ids = sql.first_match_ids(matches[position])
            if not ids:
                return position, []
            if len(ids) <= RARE_BOUND and (rarest is None or len(ids) < len(rarest[1])):
                rarest = (position, ids)
                if sql.estimates_rarity:
                    break  # the likeliest rarest, and rare indeed: the others are not read
        return rarest

    @staticmethod
    def _geo_ids(geo: list[str], geo_params: list) -> set[int]:
        """Ids of the rows inside a viewport or circle, from the (lon, lat) index alone."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {dialect().ids_sql('e.id')} FROM {TABLE} e WHERE {' AND '.join(geo)}",
                geo_params,
            )
            return set(fetched_ids(cursor))

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
            sql_dialect = dialect()
            with (
                sql_dialect.index_scans(cursor)
                if sql_dialect.from_index(match, bound, title_only)
                else nullcontext()
            ):
                cursor.execute(sql, args)
                names = [c[0] for c in cursor.description]
                rows = cursor.fetchall()
            return [dict(zip(names, values, strict=True)) for values in rows]

    @staticmethod
    def _title_rows_among(ids: list[int], match_title: str, order: str, order_params) -> list[dict]:
        """PostgreSQL: the first ``CANDIDATES`` rows in ``order`` among ``ids`` whose titles
        match. OFFSET 0: the few rows are fetched and tested, not intersected with the title
        vector's GIN list (all of it, for a common word)."""
        # The order's columns only: sorting whole rows would read every text out of TOAST.
        condition, id_param = dialect().id_condition(ids)
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
        condition, id_param = dialect().id_condition(ids)
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
        first box that holds enough of them are sorted (not every match in the country). They
        are sorted on the coordinates the index holds, in the SQL order's own arithmetic, and
        only the nearest rows are read (reading every match in a 5 km box of Fuzhou, thousands
        of rows at 700k points, took 30-40 ms)."""
        order, order_params = self._order(query)
        lat, lon = query.near
        k = math.cos(math.radians(lat))
        wanted: set[int] | None = None
        for radius_km in NEAR_BOXES_KM:
            if query.radius_km and radius_km > 2 * query.radius_km:
                break  # every match is inside the radius: the box would add nothing
            d_lat = radius_km / KM_PER_DEGREE
            d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
            box = self._geo_points(
                ["e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s"],
                [lon - d_lon, lon + d_lon, lat - d_lat, lat + d_lat],
            )
            if len(box) < CANDIDATES:
                continue
            if len(box) * 20 < len(ids):
                # A box far smaller than the matches: look each up in the sorted ids (a set of
                # 700k ids costs 50 ms to build).
                inside = [p for p in box if _contains(ids, p[0])]
            else:
                if wanted is None:
                    wanted = set(ids)
                inside = [p for p in box if p[0] in wanted]
            if len(inside) < CANDIDATES:
                continue
            # The key of ``_order``, computed as the SQL computes it (the same doubles).
            nearest = sorted(
                ((y - lat) * (y - lat) + (x - lon) * k * (x - lon) * k, i) for i, y, x in inside
            )[:CANDIDATES]
            found = self._rows_by_id([i for _, i in nearest], order, order_params)
            # Rows nearer than the box's half-width are surely the nearest of all matches.
            if distance_m(found[-1], query) <= radius_km * 1000:
                return found
        if len(ids) <= 20 * CANDIDATES:
            return self._rows_by_id(ids, order, order_params, limit=CANDIDATES)
        return self._rows(match, where, params, order, order_params)

    @staticmethod
    def _geo_points(geo: list[str], geo_params: list) -> list[tuple[int, float, float]]:
        """(id, lat, lon) of the rows inside a viewport or circle, from the (lon, lat) index."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.lat, e.lon FROM {TABLE} e WHERE {' AND '.join(geo)}", geo_params
            )
            return cursor.fetchall()

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
            return tally((row[:4], row[4]) for row in cursor.fetchall())

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
            if not query.near and not query.bbox and query.level in LEVEL_RANK:
                # The level as its rank too: with a division, the page is one range of the
                # network-order index (儿童之家 in Fuzhou's city: 42 ms sorting the city's
                # rows at 100k points; a few rows read).
                where = [*where, "e.level_rank = %s"]
                params = [*params, LEVEL_RANK[query.level]]
            rows = self._rows(None, where, params, order, order_params, query.page_size, start)
        geo, geo_params = self._geo_filters(query)
        keep = keep_test(query)
        if geo:
            ids = sorted(self._geo_ids(geo, geo_params))
            if keep is not None:
                ids = FACET_MAP.select(ids, keep)
            count, facets = len(ids), FACET_MAP.facets(ids)
        else:
            count, facets = FACET_MAP.count_all(keep)
        hits = [self._hit(row, distance_m(row, query), query) for row in rows]
        return SearchResult(count=count, hits=hits, facets=facets, backend=self.name)

    # Hits -------------------------------------------------------------------------------------

    @staticmethod
    def _hit(row: dict, distance: float | None, query: SearchQuery) -> SearchHit:
        english = query.language.startswith("en")
        body = (row["body_en"] if english and row["body_en"] else row["body"]) or ""
        snippet = body if len(body) <= SNIPPET_CHARS else body[: SNIPPET_CHARS - 1] + "…"
        return SearchHit(
            document=to_document(row),
            score=0.0,
            distance_m=round(distance, 1) if distance is not None else None,
            snippet=snippet,
        )
