"""The engine retrieves, search.ranking orders: the same order as the database backend, a bounded
window of ranked candidates, and count and facets over every match."""

from __future__ import annotations

import pytest

from search.backends import engine
from search.backends.database import DatabaseBackend
from search.contract import SERVICE_POINT, SearchQuery
from search.engine_documents import to_source
from tests.search.engine import corpus
from tests.search.test_contract import network  # noqa: F401  (the shared fixture)


def keys(result):
    return [hit.document.key for hit in result.hits]


@pytest.mark.parametrize(
    ("text", "language"),  # Chinese, pinyin, initials, same-sound typo, place + service, name
    [
        ("泰宁", "zh-hans"),
        ("taining", "zh-hans"),
        ("tnx", "zh-hans"),
        ("太宁", "zh-hans"),
        ("泰宁 关爱服务站", "zh-hans"),
        ("马尾区未成年人救助保护中心", "zh-hans"),
        ("Taining County", "en"),
    ],
)
def test_both_backends_put_the_same_matches_in_the_same_order(
    engine_backend,
    db,
    network,  # noqa: F811
    text,
    language,
):
    database = DatabaseBackend()
    database.index(network)
    engine_backend.index(network)
    query = SearchQuery(text=text, language=language)
    expected = database.search(query)
    result = engine_backend.search(query)
    # The backends retrieve differently (the engine's analysers are not the database's tokens),
    # so a query may match a little more or less in one; what both match is ranked alike.
    both = set(keys(result)) & set(keys(expected))
    assert [k for k in keys(result) if k in both] == [k for k in keys(expected) if k in both]
    assert keys(result)[0] == keys(expected)[0]


def test_pages_beyond_the_ranked_window_are_empty_but_count_and_facets_cover_every_match(
    engine_backend, monkeypatch
):
    # As if the query matched thousands of documents: only 2 candidates are ranked.
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    engine_backend.index(corpus.ALL)
    first = engine_backend.search(SearchQuery(text="泰宁", types=(SERVICE_POINT,), page_size=1))
    everything = engine_backend.search(SearchQuery(types=(SERVICE_POINT,), division="350429"))
    assert first.count == everything.count == 2
    assert len(first.hits) == 1
    assert first.facets["level"] == {"county": 1, "township": 1}
    second = engine_backend.search(SearchQuery(text="泰宁", types=(SERVICE_POINT,), page=2))
    assert second.hits == [] and second.count == 2
    many = engine_backend.search(SearchQuery(text="中心", page_size=2, page=2))
    assert many.count > 2 and many.hits == []


def test_near_ranks_a_name_match_beyond_the_nearest_candidates_first(engine_backend, monkeypatch):
    # One candidate by distance: the nearest centre to Taining is Taining's own, yet the exact
    # name of Mawei's centre is asked for; it is fetched as a best match and ranked first.
    monkeypatch.setattr(engine, "CANDIDATES", 1)
    engine_backend.index(corpus.ALL)
    taining = (corpus.TAINING_CENTRE.lat, corpus.TAINING_CENTRE.lon)
    # The level word (救助保护中心) is the level filter and 马尾区 the words: Mawei's centre
    # comes first although Taining's is nearest. (Before the query analysis, the shared level
    # word also made Taining's centre a candidate; it is not one any more.)
    result = engine_backend.search(SearchQuery(text="马尾区未成年人救助保护中心", near=taining))
    assert keys(result)[0] == corpus.MAWEI_CENTRE.key
    assert result.hits[0].document.level == "county"


def test_an_index_written_without_ranking_tokens_still_ranks_the_same():
    # Written before the tokens were stored in the source (until the next search_rebuild).
    source = to_source(corpus.TAINING_CENTRE)
    old = {k: v for k, v in source.items() if k not in ("title_tokens", "body_tokens")}
    for field in ("title_tokens", "body_tokens"):
        assert engine._candidate(old)[field] == engine._candidate(source)[field] == source[field]
