"""The engine's index itself: mapping, environment-prefixed names, the alias swapped on rebuild."""

from __future__ import annotations

from search.backends.engine import EngineBackend
from search.contract import SearchQuery
from tests.search.engine import corpus


def mapping_of(backend):
    (concrete,) = backend.client.alias_targets(backend.alias)
    response = backend.client.raw.indices.get_mapping(index=concrete)
    return response[concrete]["mappings"]["properties"]


def test_mapping_has_geo_point_keyword_facets_cjk_and_pinyin(engine_backend):
    engine_backend.index([corpus.TAINING_CENTRE])
    fields = mapping_of(engine_backend)
    assert fields["location"]["type"] == "geo_point"
    for facet in ("doc_type", "level", "city_code", "categories", "division_path"):
        assert fields[facet]["type"] == "keyword", facet
    assert fields["title"]["analyzer"] == "cjk"
    assert fields["body"]["analyzer"] == "cjk"
    assert fields["pinyin"]["fields"]["prefix"]["analyzer"] == "pinyin_prefix"
    assert fields["pinyin_initials"]["type"] == "text"


def test_pinyin_is_prepared_with_the_reviewed_place_reading(engine_backend):
    engine_backend.index([corpus.MAWEI_CENTRE])
    (concrete,) = engine_backend.client.alias_targets(engine_backend.alias)
    source = engine_backend.client.raw.get(index=concrete, id=corpus.MAWEI_CENTRE.key)["_source"]
    # 尾 reads wei and yi; the place is Mawei (directory/data/place_readings.csv), so only that
    # reading is indexed (pypinyin alone said "mayi", which also gave the wrong English name).
    assert "maweiqu" in source["pinyin"].split()
    assert "mayiqu" not in source["pinyin"].split()
    assert "mwq" in source["pinyin_initials"].split()
    assert source["division_path"][:3] == ["35", "350", "3501"]


def test_index_names_carry_the_environment_prefix(engine_endpoint, settings):
    url, client = engine_endpoint
    staging = EngineBackend(url=url, client=client, prefix="Fulei-Test-Staging-x1")
    production = EngineBackend(url=url, client=client, prefix="fulei-test-prod-x1")
    try:
        staging.index([corpus.TAINING_CENTRE])
        production.index([corpus.MAWEI_CENTRE])
        assert staging.alias == "fulei-test-staging-x1-search"
        (concrete,) = staging.client.alias_targets(staging.alias)
        assert concrete.startswith("fulei-test-staging-x1-search-")
        # Two environments on one cluster never see each other's documents.
        assert [h.document.key for h in staging.search(SearchQuery()).hits] == [
            corpus.TAINING_CENTRE.key
        ]
        assert [h.document.key for h in production.search(SearchQuery()).hits] == [
            corpus.MAWEI_CENTRE.key
        ]
    finally:
        staging.drop()
        production.drop()


def test_rebuild_writes_a_new_index_swaps_the_alias_and_deletes_the_old(engine_backend):
    engine_backend.index(corpus.ALL)
    (before,) = engine_backend.client.alias_targets(engine_backend.alias)

    assert engine_backend.rebuild(corpus.POINTS) == len(corpus.POINTS)

    (after,) = engine_backend.client.alias_targets(engine_backend.alias)
    assert after != before
    assert engine_backend.client.indices_matching(f"{engine_backend.alias}-") == [after]
    assert engine_backend.search(SearchQuery()).count == len(corpus.POINTS)


def test_a_failed_rebuild_keeps_the_old_index_serving(engine_backend):
    engine_backend.index(corpus.ALL)
    (before,) = engine_backend.client.alias_targets(engine_backend.alias)

    def documents():
        yield corpus.TAINING_CENTRE
        raise RuntimeError("the database went away mid-rebuild")

    try:
        engine_backend.rebuild(documents())
    except RuntimeError:
        pass
    else:
        raise AssertionError("the rebuild should have failed")
    assert engine_backend.client.alias_targets(engine_backend.alias) == [before]
    assert engine_backend.client.indices_matching(f"{engine_backend.alias}-") == [before]
    assert engine_backend.search(SearchQuery()).count == len(corpus.ALL)


def test_rebuild_on_an_empty_cluster_creates_the_alias(engine_backend):
    assert engine_backend.rebuild(corpus.ALL) == len(corpus.ALL)
    assert len(engine_backend.client.alias_targets(engine_backend.alias)) == 1
    assert engine_backend.search(SearchQuery(text="泰宁")).count >= 2


def test_writes_are_visible_to_the_next_query_because_they_refresh(engine_backend, monkeypatch):
    refreshed = []
    original = engine_backend.client.refresh
    monkeypatch.setattr(
        engine_backend.client, "refresh", lambda name: (refreshed.append(name), original(name))
    )
    engine_backend.index([corpus.TAINING_CENTRE])
    engine_backend.remove("service_point", ["1"])
    assert refreshed == [engine_backend.alias, engine_backend.alias]
