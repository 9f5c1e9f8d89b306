"""The SQL that differs between SQLite (FTS5) and PostgreSQL (tsvector), as one object.

The backend asks ``dialect()`` for the object of the connection's database and calls it; no other
module of the backend tests ``connection.vendor``. Both dialects read the same ``SearchEntry``
rows and tokens (``search.fts`` builds their full-text indexes); they differ in how a match is
written, how ids are listed and passed back, and which plans each planner needs help with.
"""

from __future__ import annotations

import json
from contextlib import contextmanager, nullcontext

from django.db import connection, transaction

from search.fts import FACET_INDEX, GIN_INDEXES
from search.models import SearchEntry
from search.ranking import TokenSet

from .entries import ENTRY_FIELDS, as_entry

TABLE = SearchEntry._meta.db_table
# A query group matching at most this many rows is "rare": the other groups are tested on its
# rows' tokens instead of in the full-text index (see ``DatabaseBackend._narrowest_first_ids``).
RARE_BOUND = 10_000


def fetched_ids(cursor) -> list[int]:
    """The ids of the ``ids_sql`` aggregate just selected."""
    found = cursor.fetchone()[0]
    # json parses the numbers in C: about 3x faster than int() on each piece.
    return json.loads(f"[{found}]") if found else []


def division_condition(prefix: str) -> tuple[str, list]:
    """Codes starting with ``prefix`` as a range on the division index. ``LIKE 'p%'`` uses no
    index on PostgreSQL unless the column's collation is C, and codes are digits, which every
    collation orders alike: "3501" <= code < "3502"."""
    if prefix.isdigit() and prefix.isascii() and prefix.strip("9"):
        upper = str(int(prefix) + 1).zfill(len(prefix))
        return "e.division_code >= %s AND e.division_code < %s", [prefix, upper]
    return "e.division_code LIKE %s", [prefix + "%"]


class Dialect:
    """What every dialect provides; see ``SqliteDialect`` and ``PostgresDialect``."""

    vendor = ""
    # Prefixed to a column compared in a filter, to keep the planner off that column's index.
    unindexed = ""
    # Whether the planner's statistics tell which query group is the rarest (so only that one
    # is read), and whether a title match among a few ids can be tested row by row.
    estimates_rarity = False
    titles_among_ids = False
    # Whether a title-only match can be narrowed to grid cells (``within_cells``).
    cells_in_titles = False

    def ids_sql(self, column: str) -> str:
        """An aggregate of ``column``'s ids as one comma-separated string (read by
        ``fetched_ids``): about half the time of a row per id for 100k ids."""
        raise NotImplementedError

    def id_condition(self, ids: list[int]) -> tuple[str, object]:
        """``e.id`` among ``ids`` as (SQL, its one parameter), however many ids."""
        raise NotImplementedError

    def match(self, groups, title_only: bool, any_group: bool) -> str:
        """The full-text expression of the query groups (every group, or any)."""
        raise NotImplementedError

    def within_cells(self, match: str, cells: list[str]) -> str:
        """``match`` (of every column, or of titles alone) AND any of the grid ``cells``."""
        raise NotImplementedError

    def match_sql(self, bound: int | None = None, title_only: bool = False) -> str:
        """The full-text condition on ``e`` taking the ``match`` as its one parameter; with
        ``bound``, only the first so many matches qualify."""
        raise NotImplementedError

    def match_ids(self, match: str) -> list[int]:
        """Every id the full-text ``match`` finds (any order)."""
        raise NotImplementedError

    def first_match_ids(self, match: str) -> list[int]:
        """At most ``RARE_BOUND`` + 1 ids the full-text ``match`` finds."""
        raise NotImplementedError

    def match_ids_where(self, match: str, conditions: list[str], params: list) -> list[int] | None:
        """The ids ``match`` finds that also meet ``conditions``, tested on the rows the match
        reads anyway; None when the dialect reads no row for a match (SQLite: the ids come
        from the FTS index alone)."""
        return None

    def likely_rare(self, matches: list[str]) -> list[int]:
        """Positions of the matches worth reading to find the rarest, likeliest first."""
        return list(range(len(matches)))

    def narrow_ids(
        self, ids: list[int], conditions: list[str], params: list, groups, others, titles
    ) -> list[int]:
        """Those of ``ids`` meeting ``conditions`` whose tokens match every group of
        ``others`` (ascending); ``titles`` (a list or None) receives those whose titles match
        every group of ``groups`` when the dialect can say it cheaply."""
        raise NotImplementedError

    def index_scans(self, cursor):
        """A context in which full-text matches are read from their index."""
        return nullcontext()

    def from_index(self, match: str | None, bound: int | None, title_only: bool) -> bool:
        """Whether ``index_scans`` is worth it for this condition."""
        return False

    def facet_source(self, first_read: bool) -> str:
        """The table (and index) the facet map reads every row's values from."""
        return TABLE

    def after_rebuild(self) -> None:
        """Anything the database needs after the whole index was written."""

    def write_entries(self, rows: list[tuple]) -> None:
        """Insert index rows (``entries.entry_values``), in the current transaction."""
        SearchEntry.objects.bulk_create([as_entry(r) for r in rows], batch_size=500)

    def first_ids(self, condition: str, params: list) -> list[int]:
        """At most ``RARE_BOUND`` + 1 ids meeting ``condition`` (on an index): is it narrow?"""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.ids_sql('id')} FROM (SELECT e.id FROM {TABLE} e "
                f"WHERE {condition} LIMIT %s) AS first",
                [*params, RARE_BOUND + 1],
            )
            return fetched_ids(cursor)


class SqliteDialect(Dialect):
    """FTS5 over the token columns (external content, kept in step by triggers)."""

    vendor = "sqlite"
    # A unary + keeps the planner from walking the (doc_type, doc_id) index through every row
    # of a type when a box or an order on another index is far cheaper.
    unindexed = "+"
    cells_in_titles = True

    def ids_sql(self, column: str) -> str:
        return f"group_concat({column})"

    def id_condition(self, ids: list[int]) -> tuple[str, object]:
        # SQLite limits the number of parameters: the ids go as one JSON array.
        return "e.id IN (SELECT value FROM json_each(%s))", json.dumps(ids)

    def match(self, groups, title_only: bool, any_group: bool) -> str:
        parts = [
            "("
            + " OR ".join('"' + t.replace('"', '""') + '"' for t in sorted(g.alternatives))
            + ")"
            for g in groups
        ]
        expression = (" OR " if any_group else " AND ").join(parts)
        # A title-only match says so itself (a column filter).
        return f"title_tokens : ({expression})" if title_only else expression

    def within_cells(self, match: str, cells: list[str]) -> str:
        return f"({match}) AND body_tokens : ({' OR '.join(cells)})"

    def match_sql(self, bound: int | None = None, title_only: bool = False) -> str:
        limit = f" LIMIT {int(bound)}" if bound else ""
        return f"e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s{limit})"

    def match_ids(self, match: str) -> list[int]:
        # From the FTS index alone: no lookup of each matching row in the table.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.ids_sql('rowid')} FROM search_fts WHERE search_fts MATCH %s",
                [match],
            )
            return fetched_ids(cursor)

    def first_match_ids(self, match: str) -> list[int]:
        # Straight from the FTS index, which stops at the limit (as a subquery of the table,
        # SQLite would list every match of a common word first).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.ids_sql('id')} FROM (SELECT rowid AS id FROM search_fts "
                "WHERE search_fts MATCH %s LIMIT %s) AS first",
                [match, RARE_BOUND + 1],
            )
            return fetched_ids(cursor)

    def match_ids_where(self, match: str, conditions: list[str], params: list) -> list[int] | None:
        # FTS5 answers an AND by seeking through the common words' doclists along the rare
        # one's (泰宁 guanai at 700k rows: 5 ms, against 75-110 ms reading and testing 6k rows'
        # tokens); a condition on the table it cannot test.
        return None if conditions else self.match_ids(match)

    def narrow_ids(self, ids, conditions, params, groups, others, titles) -> list[int]:
        # The rows' tokens are read and tested here (the same tokens the FTS index holds); a
        # MATCH would list every match of a common word before the few ids are looked up.
        condition, id_param = self.id_condition(ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.title_tokens, e.body_tokens FROM {TABLE} e "
                f"WHERE {' AND '.join([condition, *conditions])}",
                [id_param, *params],
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

    def facet_source(self, first_read: bool) -> str:
        # The first read takes every row from the narrow facet index (a tenth of the table's
        # pages); later ones only the new ids, by id range.
        return f"{TABLE} INDEXED BY {FACET_INDEX}" if first_read else TABLE


class PostgresDialect(Dialect):
    """``tsv`` (title tokens weigh A, body B) and ``title_tsv`` with their GIN indexes."""

    vendor = "postgresql"
    estimates_rarity = True
    titles_among_ids = True

    def ids_sql(self, column: str) -> str:
        return f"string_agg({column}::text, ',')"

    def id_condition(self, ids: list[int]) -> tuple[str, object]:
        return "e.id = ANY(%s)", list(ids)

    def match(self, groups, title_only: bool, any_group: bool) -> str:
        # Title-only matches run on the title vector (``match_sql``): no weights needed.
        parts = ["(" + " | ".join(f"'{t}'" for t in sorted(g.alternatives)) + ")" for g in groups]
        return (" | " if any_group else " & ").join(parts)

    def within_cells(self, match: str, cells: list[str]) -> str:
        # Titles have their own vector, without cells: only a match of every column takes them.
        return f"({match}) & ({' | '.join(cells)})"

    def match_sql(self, bound: int | None = None, title_only: bool = False) -> str:
        vector = "title_tsv" if title_only else "tsv"
        if bound:
            # An array computed once (an InitPlan): as `IN (SELECT ... LIMIT)` PostgreSQL may
            # run the subquery again for every row in a viewport (43 s at 18k rows).
            return (
                f"e.id = ANY(ARRAY(SELECT id FROM {TABLE} "
                f"WHERE {vector} @@ %s::tsquery LIMIT {int(bound)}))"
            )
        return f"e.{vector} @@ %s::tsquery"

    def match_ids(self, match: str) -> list[int]:
        with connection.cursor() as cursor, self.index_scans(cursor):
            cursor.execute(
                f"SELECT {self.ids_sql('e.id')} FROM {TABLE} e WHERE e.tsv @@ %s::tsquery",
                [match],
            )
            return fetched_ids(cursor)

    def first_match_ids(self, match: str) -> list[int]:
        with connection.cursor() as cursor, self.index_scans(cursor):
            return self.first_ids("e.tsv @@ %s::tsquery", [match])

    def match_ids_where(self, match: str, conditions: list[str], params: list) -> list[int] | None:
        # The bitmap heap scan visits every matching row for its id: testing a position or a
        # division there costs nothing, where a second read of the (lon, lat) index for the
        # circle's ids took 12 ms (22k rows within 10 km of Fuzhou at 700k).
        where = " AND ".join(["e.tsv @@ %s::tsquery", *conditions])
        with connection.cursor() as cursor, self.index_scans(cursor):
            cursor.execute(
                f"SELECT {self.ids_sql('e.id')} FROM {TABLE} e WHERE {where}", [match, *params]
            )
            return fetched_ids(cursor)

    def likely_rare(self, matches: list[str]) -> list[int]:
        # A GIN scan cannot stop early (it gathers the whole list first, and a sequential scan
        # decompresses every row's vector): ANALYZE's statistics of the most common words say
        # which group is the rarest (a word too rare to be listed is estimated from a
        # default). Twice the bound: an estimate is a sample's; a read that overflows gives up.
        estimates = sorted((self.estimated_matches(m), p) for p, m in enumerate(matches))
        return [p for e, p in estimates if e <= 2 * RARE_BOUND]

    def narrow_ids(self, ids, conditions, params, groups, others, titles) -> list[int]:
        # The other groups are tested on each row's vector: half the time of reading the rows'
        # tokens out of TOAST (29 against 60 ms for 6k rows). OFFSET 0 keeps the planner from
        # intersecting with the GIN list of a common group (reading all of it, 90 ms for
        # "county"): the few rows are fetched, then tested.
        rest, rest_params = "", []
        if others:
            rest = "WHERE narrow.tsv @@ %s::tsquery"
            rest_params = [self.match(others, title_only=False, any_group=False)]
        condition, id_param = self.id_condition(ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.ids_sql('narrow.id')} FROM (SELECT e.id, e.tsv "
                f"FROM {TABLE} e WHERE {' AND '.join([condition, *conditions])} "
                f"OFFSET 0) AS narrow {rest}",
                [id_param, *params, *rest_params],
            )
            return sorted(fetched_ids(cursor))

    @contextmanager
    def index_scans(self, cursor):
        """Read full-text matches from the GIN index, for the statements run inside.

        The planner prices testing a row's vector as cheap, but the vector is TOASTed: for a
        word in a sixth of the rows it chose a sequential scan that decompresses all of them
        (1.9 s at 700k rows against 0.16 s for a bitmap scan of the index). The settings are
        the transaction's and are put back afterwards; ``work_mem`` keeps a bitmap of every row
        exact (a lossy one rechecks every row), and JIT compiling costs more than these plans
        save.
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
                f"SELECT {settings}",
                [v for pair in zip(names, previous, strict=True) for v in pair],
            )

    def from_index(self, match: str | None, bound: int | None, title_only: bool) -> bool:
        """Whether to read a full-text condition from its GIN index (the bitmap of every match)
        rather than let the planner scan the table. A bounded match of a word in more than a
        quarter of the rows is met in the first rows of a scan (儿童之家's first 5,000 title
        matches: 0.3 s from the index, a few ms scanned); any other is read from the index
        (关爱's first 5,000 title matches, of 1,107 at 700k rows: a scan of every title, 2.1 s;
        from the index, 10 ms). Rare words are estimated high, common ones well."""
        if match is None:
            return False
        if not bound:
            return True
        vector = "title_tsv" if title_only else "tsv"
        return self.estimated_matches(match, vector) * 4 < self.estimated_table_rows()

    def write_entries(self, rows: list[tuple]) -> None:
        # COPY: no statement built and parsed per 500 rows (20k rows written in 6.9 s against
        # 11.0 s with bulk_create, into a 700k-row index).
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {TABLE} ({', '.join(ENTRY_FIELDS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def after_rebuild(self) -> None:
        with connection.cursor() as cursor:
            # The GIN indexes' pending lists (fast update) folded into the indexes: until
            # autovacuum does it, every full-text read scans them whole (after a 700k rebuild,
            # 476 and 149 pages: fuzou 89 -> 76 ms, 关爱 within 10 km 74 -> 57 ms).
            cursor.execute(
                "SELECT gin_clean_pending_list(%s::regclass), gin_clean_pending_list(%s::regclass)",
                list(GIN_INDEXES),
            )
            # Fresh statistics of the words: the rarest-group choice reads them (autovacuum
            # would take its time after a rebuild).
            cursor.execute(f"ANALYZE {TABLE}")

    @staticmethod
    def _explained_rows(sql: str, params: list) -> float:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def estimated_matches(self, match: str, vector: str = "tsv") -> float:
        """The planner's estimate of the rows whose ``vector`` matches the tsquery ``match``."""
        return self._explained_rows(
            f"SELECT id FROM {TABLE} e WHERE e.{vector} @@ %s::tsquery", [match]
        )

    def estimated_table_rows(self) -> float:
        return self._explained_rows(f"SELECT id FROM {TABLE}", [])


_DIALECTS = {"sqlite": SqliteDialect(), "postgresql": PostgresDialect()}


def dialect() -> Dialect:
    """The dialect of the default connection's database."""
    return _DIALECTS[connection.vendor]
