"""The database backend's large-result path: more matches than it ranks in Python."""

import pytest

from search.backends.database import DatabaseBackend, dialect
from search.backends.database import backend as database
from search.backends.database.changes import INDEX_VERSION_KEY
from search.contract import SearchQuery
from tests.search.test_contract import network  # noqa: F401  (the shared fixture)


def _rare_bound(monkeypatch, bound: int) -> None:
    # Read by the backend (is a list narrow?) and by the dialect (how many ids to read).
    monkeypatch.setattr(database, "RARE_BOUND", bound)
    monkeypatch.setattr(dialect, "RARE_BOUND", bound)


@pytest.fixture
def few_candidates(monkeypatch):
    # As if the query matched thousands of rows: only 2 are fetched per stage.
    monkeypatch.setattr(database, "CANDIDATES", 2)


def test_title_matches_are_ranked_first_and_count_and_facets_stay_exact(
    db,
    network,  # noqa: F811
    few_candidates,
):
    backend = DatabaseBackend()
    backend.index(network)
    result = backend.search(SearchQuery(text="泰宁", page_size=1))
    assert result.count == 4
    assert result.hits[0].document.key == "service_point:1"
    assert result.facets["type"] == {"service_point": 2, "organization": 1, "project": 1}
    assert result.facets["category"]["mental_health"] == 3
    filtered = backend.search(SearchQuery(text="泰宁", types=("service_point",)))
    assert filtered.count == 2


def test_facets_of_many_matches_follow_changes_and_removals(
    db,
    network,  # noqa: F811
    few_candidates,
):
    from dataclasses import replace

    backend = DatabaseBackend()
    backend.index(network)
    before = backend.search(SearchQuery(text="泰宁"))
    point = next(d for d in network if d.key == "service_point:1")
    backend.index([replace(point, type="service_point", level="city", categories=("elderly",))])
    backend.remove("organization", [next(d.id for d in network if d.type == "organization")])
    after = backend.search(SearchQuery(text="泰宁"))
    assert after.count == before.count - 1
    assert "organization" not in after.facets["type"]
    assert after.facets["level"]["city"] == before.facets["level"].get("city", 0) + 1
    assert after.facets["category"]["elderly"] == before.facets["category"].get("elderly", 0) + 1
    # Exactly what counting the rows in SQL gives.
    match = backend._match(database.text.query_groups("泰宁"), title_only=False, any_group=False)
    assert after.facets == backend._sql_facets(match, [], [])


def _sql_count(backend, query):
    """What counting the matching rows in SQL gives: (count, facets)."""
    where, params = backend._filters(query)
    match = None
    if query.text:
        match = backend._match(database.text.query_groups(query.text), False, False)
    facets = backend._sql_facets(match, where, params)
    return sum(facets["type"].values()), facets


FILTERED = [
    SearchQuery(text="泰宁", types=("service_point",)),
    SearchQuery(text="泰宁", level="county"),
    SearchQuery(text="泰宁", division="350429"),
    SearchQuery(text="泰宁", category="mental_health"),
    SearchQuery(text="泰宁", near=(25.99, 119.45)),
    SearchQuery(text="泰宁", near=(26.9, 117.17), radius_km=300),
    SearchQuery(near=(25.99, 119.45)),
    SearchQuery(near=(25.99, 119.45), radius_km=20),
    SearchQuery(near=(25.99, 119.45), types=("service_point",), level="county"),
    SearchQuery(division="3501"),
    SearchQuery(bbox=(115.0, 23.0, 121.0, 29.0), category="mental_health"),
]


@pytest.mark.parametrize("query", FILTERED, ids=lambda q: repr(q)[12:80])
def test_filtered_and_near_queries_count_and_facet_exactly_without_grouping_rows(
    db,
    network,  # noqa: F811
    few_candidates,
    query,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    backend = DatabaseBackend()
    backend.index(network)
    expected = _sql_count(backend, query)
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(query)
    assert (result.count, result.facets) == expected
    # Counted from the ids and the in-process map: no GROUP BY or COUNT over matching rows
    # (at 700k points that took 0.8-2.7 s for "near me").
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "GROUP BY" not in sql and "COUNT(" not in sql


def test_a_row_deleted_by_another_process_is_no_longer_counted(db, network):  # noqa: F811
    from django.core.cache import cache

    from search.models import SearchEntry

    backend = DatabaseBackend()
    backend.index(network)
    before = backend.search(SearchQuery(level="county"))
    # Another worker removes a county centre and commits: its row is gone and the version moves
    # on, while this process's map still holds the row.
    SearchEntry.objects.filter(doc_type="service_point", doc_id="3").delete()
    cache.add(INDEX_VERSION_KEY, 0, None)
    cache.incr(INDEX_VERSION_KEY)
    after = backend.search(SearchQuery(level="county"))
    assert after.count == before.count - 1
    assert after.facets["city"]["350100"] == before.facets["city"]["350100"] - 1


def test_writes_tell_other_processes_once_committed(
    db,
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    backend = DatabaseBackend()
    cache.add(INDEX_VERSION_KEY, 0, None)
    version = cache.get(INDEX_VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        backend.index(network)
    with django_capture_on_commit_callbacks(execute=True):
        backend.remove("service_point", ["3"])
    assert cache.get(INDEX_VERSION_KEY) >= version + 2


def _index_reads(captured) -> list[str]:
    """Statements that read the full-text index (PostgreSQL testing a vector on a few rows
    already found, ``AS narrow``, or asking the planner for an estimate reads no index list)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if "MATCH" in q["sql"]
        or ("@@" in q["sql"] and "AS narrow" not in q["sql"] and not q["sql"].startswith("EXPLAIN"))
    ]


def _full_text_and_ran(captured) -> bool:
    """Whether a full-text AND of two or more groups was run (each reads its words' lists)."""
    return any(") AND (" in sql or ") & (" in sql for sql in _index_reads(captured))


def _full_text_ran(captured) -> bool:
    return bool(_index_reads(captured))


def test_a_rare_place_and_a_common_service_word_are_matched_from_the_place(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # As if 未成年人 (three rows) were in every row: only 马尾 (one row) counts as rare.
    _rare_bound(monkeypatch, 2)
    backend = DatabaseBackend()
    backend.index(network)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the word statistics the rarest choice reads
            cursor.execute("ANALYZE search_searchentry")
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(SearchQuery(text="马尾 未成年人"))
    assert [h.document.key for h in result.hits] == ["service_point:3"]
    assert result.count == 1
    # The AND of both groups was asked only once a bounded read showed the place is rare (an
    # estimate can be stale): both full-text indexes answer it by seeking through the common
    # word's list along the place's, where an AND with no rare part reads whole lists.
    reads = _index_reads(captured)
    bounded = next(i for i, sql in enumerate(reads) if "LIMIT" in sql)
    both = next(i for i, sql in enumerate(reads) if ") AND (" in sql or ") & (" in sql)
    assert bounded < both
    # Where no group is rare, the full-text AND answers, with the same result.
    _rare_bound(monkeypatch, 0)
    assert backend.search(SearchQuery(text="马尾 未成年人")).count == 1


def test_a_common_word_in_one_division_is_matched_from_the_division(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rare_bound(monkeypatch, 3)  # Fuzhou's two rows are "few"
    backend = DatabaseBackend()
    backend.index(network)
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(SearchQuery(text="未成年人", division="3501"))
    assert {h.document.key for h in result.hits} == {"service_point:3", "service_point:4"}
    assert result.count == 2 and result.facets["city"] == {"350100": 2}
    # The word's full-text list (every row, at national scale) was never read.
    assert not _full_text_ran(captured)


def test_a_common_word_near_a_place_is_matched_from_the_radius(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rare_bound(monkeypatch, 3)  # a radius round Mawei holds few rows
    backend = DatabaseBackend()
    backend.index(network)
    query = SearchQuery(text="未成年人", near=(25.99, 119.45), radius_km=30)
    expected = _sql_count(backend, query)
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(query)
    assert (result.count, result.facets) == expected
    assert {h.document.key for h in result.hits} == {"service_point:3", "service_point:4"}
    assert all(h.distance_m <= 30_000 for h in result.hits)
    # The word's list (the whole country, at national scale) was never read: the full text was
    # asked only for the first few ids of a word (is it rare?) or for the words within the grid
    # cells covering the radius.
    assert all("geocell" in sql or "LIMIT" in sql for sql in _index_reads(captured))


def test_a_common_word_in_a_viewport_is_matched_within_its_grid_cells(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rare_bound(monkeypatch, 1)  # as if the viewport and the word held thousands of rows
    backend = DatabaseBackend()
    backend.index(network)
    query = SearchQuery(text="未成年人", bbox=(119.2, 25.9, 119.6, 26.2))
    expected = _sql_count(backend, query)
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(query)
    assert expected[0] > 0 and (result.count, result.facets) == expected
    # Every read of the full text is bounded: a word's first ids, or the viewport's cells.
    reads = _index_reads(captured)
    assert any("geocell" in sql for sql in reads)
    assert all("geocell" in sql or "LIMIT" in sql for sql in reads)


def _full_list_reads(captured) -> int:
    """Statements that list every id a full-text match finds."""
    return sum(
        "group_concat(rowid) FROM search_fts" in q["sql"]
        or ("string_agg(e.id::text" in q["sql"] and "tsv @@" in q["sql"])
        for q in captured.captured_queries
    )


def test_a_long_match_list_is_read_once_until_the_index_changes(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.models import SearchEntry

    _rare_bound(monkeypatch, 1)  # every list of two or more is "long"
    backend = DatabaseBackend()
    backend.index(network)
    first = backend.search(SearchQuery(text="泰宁"))
    with CaptureQueriesContext(connection) as captured:
        again = backend.search(SearchQuery(text="泰宁", types=("service_point",)))
    assert _full_list_reads(captured) == 0
    assert again.count == first.facets["type"]["service_point"]
    # What is derived from the kept list (the filtered ids, their facets) is kept with it, and
    # stays exact when asked again.
    filtered = SearchQuery(text="泰宁", types=("service_point",))
    for _ in range(2):
        result = backend.search(filtered)
        assert (result.count, result.facets) == _sql_count(backend, filtered)
    # Another process removes a match and tells the others: the list is read anew.
    SearchEntry.objects.filter(doc_type="service_point", doc_id="1").delete()
    cache.add(INDEX_VERSION_KEY, 0, None)
    cache.incr(INDEX_VERSION_KEY)
    with CaptureQueriesContext(connection) as captured:
        after = backend.search(SearchQuery(text="泰宁"))
    assert _full_list_reads(captured) == 1
    assert after.count == first.count - 1
    # A write in this process forgets the lists at once.
    backend.remove("organization", [d.id for d in network if d.type == "organization"])
    assert backend.search(SearchQuery(text="泰宁")).count == after.count - 1


def test_a_warmed_up_worker_answers_its_first_query_without_reading_the_whole_index(
    db,
    network,  # noqa: F811
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import service

    backend = service.get_backend("database")
    backend.index(network)
    service.warm_up()  # what gunicorn's post_worker_init runs (docs/gunicorn.conf.py)
    expected = _sql_count(backend, SearchQuery(level="county"))
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(SearchQuery(level="county"))
    assert (result.count, result.facets) == expected
    assert not any("WHERE id >" in q["sql"] for q in captured.captured_queries)


def test_a_filtered_browse_of_an_empty_viewport_finds_nothing(db, network):  # noqa: F811
    # It raised (max() of no ids), so /api/v1/search/?bbox=…&level=… answered 500.
    backend = DatabaseBackend()
    backend.index(network)
    result = backend.search(SearchQuery(bbox=(0.0, 0.0, 1.0, 1.0), level="county"))
    assert (result.count, result.hits) == (0, [])


@pytest.mark.parametrize(("matches", "from_index"), [(10.0, True), (900.0, False)])
def test_bounded_title_matches_are_read_from_the_index_unless_the_word_is_in_most_rows(
    db,
    network,  # noqa: F811
    few_candidates,
    monkeypatch,
    matches,
    from_index,
):
    """PostgreSQL: the first title matches of a word in few titles (关爱: 1,107 of 700k) come
    from the GIN index, not from a scan of every title (2.1 s); those of a word in most rows
    (儿童之家) from the first rows of a scan, not from the index's list of all of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the plan choice is PostgreSQL's")
    backend = DatabaseBackend()
    backend.index(network)
    monkeypatch.setattr(dialect.PostgresDialect, "estimated_table_rows", lambda self: 1000.0)
    monkeypatch.setattr(
        dialect.PostgresDialect, "estimated_matches", lambda self, match, vector="tsv": matches
    )
    with CaptureQueriesContext(connection) as captured:
        result = backend.search(SearchQuery(text="泰宁", page_size=1))
    assert result.hits[0].document.key == "service_point:1"
    statements = [q["sql"] for q in captured.captured_queries]
    bounded = next(i for i, s in enumerate(statements) if "ARRAY(SELECT id" in s)
    assert "title_tsv @@" in statements[bounded]
    scans_off = "'enable_seqscan', 'off'" in statements[bounded - 1]
    assert scans_off == from_index


def test_the_map_gets_every_match_of_a_search_with_its_position(db, network):  # noqa: F811
    from search import service

    backend = service.get_backend("database")
    backend.index(network)
    for query in (
        SearchQuery(text="泰宁"),
        SearchQuery(text="哪里有泰宁的关爱服务站"),
        SearchQuery(text="未成年人", near=(25.99, 119.45), radius_km=30),
        SearchQuery(level="county"),
    ):
        result = backend.search(query)
        points = service.matching_points(query)
        assert len(points) == result.count
        assert {h.document.key for h in result.hits} <= {f"{p.doc_type}:{p.doc_id}" for p in points}


def test_a_large_rebuild_prepares_text_in_worker_processes_with_the_same_rows(
    db,
    network,  # noqa: F811
    monkeypatch,
):
    from search.backends.database import preparation
    from search.models import SearchEntry

    fields = ("doc_type", "doc_id", "title", "title_tokens", "body_tokens", "lat", "level")

    def rows():
        return list(SearchEntry.objects.order_by("id").values_list(*fields))

    backend = DatabaseBackend()
    backend.rebuild(network)  # small: prepared in this process
    in_process = rows()
    # As if it were 700k documents: from the third on, batches of two go to a worker.
    monkeypatch.setattr(preparation, "PARALLEL_FROM", 3)
    monkeypatch.setattr(preparation, "BATCH", 2)
    forked = []
    real_pool = preparation.multiprocessing.get_context("fork").Pool

    def counting_pool(size):
        pool = real_pool(size)
        forked.append(size)
        return pool

    monkeypatch.setattr(
        preparation.multiprocessing,
        "get_context",
        lambda method: type("Context", (), {"Pool": staticmethod(counting_pool)}),
    )
    assert backend.rebuild(network) == len(network)
    assert forked == [preparation.workers()]
    assert rows() == in_process  # same rows, same order, new ids
    assert backend.search(SearchQuery(text="马尾")).hits[0].document.key == "service_point:3"


def test_a_rebuild_leaves_no_pending_full_text_entries_on_postgresql(
    db,
    network,  # noqa: F811
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists are PostgreSQL's")
    DatabaseBackend().rebuild(network)
    # Every search scans a GIN index's pending list whole: nothing may be left in it.
    with connection.cursor() as cursor:
        for index in ("search_entry_tsv", "search_entry_title_tsv"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            assert cursor.fetchone()[0] == 0, index
