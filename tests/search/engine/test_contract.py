"""The search contract on the engine backend (osmem-server here, a real cluster with
ELASTICSEARCH_URL): what any backend must do, asserted by order and membership, never by score."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic

from search.contract import (
    ORGANIZATION,
    PROJECT,
    SERVICE_POINT,
    ClusterQuery,
    SearchQuery,
)
from tests.search.engine import corpus

FUJIAN = (115.8, 23.4, 120.8, 28.4)


@pytest.fixture
def indexed(backend):
    backend.index(corpus.ALL)
    return backend


def keys(result):
    return [hit.document.key for hit in result.hits]


def titles(result):
    return [hit.document.title for hit in result.hits]


def test_index_returns_the_number_written_and_documents_come_back_whole(backend):
    assert backend.index(corpus.ALL) == len(corpus.ALL)
    result = backend.search(SearchQuery(text="杉城镇儿童关爱服务站"))
    assert result.hits[0].document == corpus.TAINING_STATION
    assert result.backend == backend.name
    assert result.degraded is False


def test_indexing_again_replaces_instead_of_duplicating(indexed):
    renamed = corpus.point(
        2, "杉城镇儿童关爱服务站（新址）", "township", "350429100", "350400", 26.8981, 117.1766
    )
    indexed.index([renamed])
    result = indexed.search(SearchQuery(text="杉城镇"))
    assert [hit.document.title for hit in result.hits if hit.document.id == "2"] == [
        "杉城镇儿童关爱服务站（新址）"
    ]
    assert indexed.search(SearchQuery()).count == len(corpus.ALL)


def test_remove_deletes_and_ignores_unknown_ids(indexed):
    assert indexed.remove(SERVICE_POINT, ["2", "999"]) >= 1
    result = indexed.search(SearchQuery(text="杉城镇儿童关爱服务站"))
    assert corpus.TAINING_STATION.key not in keys(result)
    assert indexed.search(SearchQuery()).count == len(corpus.ALL) - 1
    # The same id under another type is another document.
    assert indexed.search(SearchQuery(types=(PROJECT,))).count == 1


def test_remove_before_anything_was_indexed_is_harmless(backend):
    assert backend.remove(SERVICE_POINT, ["1"]) == 0
    assert backend.search(SearchQuery(text="泰宁")).count == 0


@pytest.mark.parametrize(
    "text",
    ["泰宁", "泰宁县", "taining", "Taining", "tai ning", "tnx", "泰凝"],
    ids=["chinese", "full-name", "pinyin", "capitalised", "spaced-pinyin", "initials", "typo"],
)
def test_a_place_is_found_by_chinese_pinyin_initials_and_same_sound_typo(indexed, text):
    result = indexed.search(SearchQuery(text=text, types=(SERVICE_POINT,)))
    assert keys(result)[0] == corpus.TAINING_CENTRE.key
    assert corpus.MAWEI_CENTRE.key not in keys(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mawei", corpus.MAWEI_CENTRE),
        ("changle", corpus.CHANGLE_CENTRE),
        ("xiamen", corpus.XIAMEN_HOME),
        ("马尾", corpus.MAWEI_CENTRE),
    ],
)
def test_polyphonic_places_are_found_as_people_say_them(indexed, text, expected):
    assert keys(indexed.search(SearchQuery(text=text)))[0] == expected.key


def test_service_words_match_inside_names_and_descriptions(indexed):
    result = indexed.search(SearchQuery(text="关爱服务"))
    assert keys(result)[0] == corpus.TAINING_STATION.key
    counselling = indexed.search(SearchQuery(text="心理辅导"))
    assert keys(counselling)[0] == corpus.COUNSELLING_ORG.key  # in the title beats in the body
    assert {corpus.TAINING_CENTRE.key, corpus.TAINING_STATION.key} <= set(keys(counselling))
    assert corpus.MAWEI_CENTRE.key not in keys(counselling)


def test_english_names_as_shown_on_the_english_site(indexed):
    result = indexed.search(SearchQuery(text="Taining County", language="en"))
    assert keys(result)[0] == corpus.TAINING_CENTRE.key
    assert corpus.MAWEI_CENTRE.key not in keys(result)


def test_the_exact_name_ranks_first(indexed):
    result = indexed.search(SearchQuery(text="马尾区未成年人救助保护中心"))
    assert keys(result)[0] == corpus.MAWEI_CENTRE.key
    # The other centres share most words and come after it.
    assert set(keys(result)[1:3]) <= {corpus.CHANGLE_CENTRE.key, corpus.TAINING_CENTRE.key}


def test_nothing_matches_nonsense(indexed):
    assert indexed.search(SearchQuery(text="qqqxz")).count == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(types=(ORGANIZATION,)), {corpus.COUNSELLING_ORG}),
        (
            SearchQuery(types=(ORGANIZATION, PROJECT)),
            {corpus.COUNSELLING_ORG, corpus.SUMMER_PROJECT},
        ),
        (
            SearchQuery(level="county"),
            {corpus.TAINING_CENTRE, corpus.MAWEI_CENTRE, corpus.CHANGLE_CENTRE},
        ),
        (
            SearchQuery(division="3504", types=(SERVICE_POINT,)),
            {corpus.TAINING_CENTRE, corpus.TAINING_STATION},
        ),
        (SearchQuery(division="350429100"), {corpus.TAINING_STATION}),
        (SearchQuery(division="35"), set(corpus.ALL)),
        (SearchQuery(category="holiday_care"), {corpus.TAINING_STATION, corpus.SUMMER_PROJECT}),
        (SearchQuery(text="泰宁", level="township"), {corpus.TAINING_STATION}),
    ],
    ids=[
        "type",
        "types",
        "level",
        "city-prefix",
        "township-code",
        "province",
        "category",
        "text+level",
    ],
)
def test_filters(indexed, query, expected):
    result = indexed.search(query)
    assert set(keys(result)) == {doc.key for doc in expected}
    assert result.count == len(expected)


def test_near_sorts_by_distance_and_reports_metres(indexed):
    here = (26.0, 119.55)  # between Mawei and Changle
    result = indexed.search(SearchQuery(near=here, types=(SERVICE_POINT,)))
    assert keys(result)[:2] == [corpus.CHANGLE_CENTRE.key, corpus.MAWEI_CENTRE.key]
    distances = [hit.distance_m for hit in result.hits]
    assert distances == sorted(distances)
    first = result.hits[0]
    expected = geodesic(here, (first.document.lat, first.document.lon)).meters
    assert first.distance_m == pytest.approx(expected, rel=1e-3)


def test_near_with_radius_keeps_only_what_is_within_it(indexed):
    result = indexed.search(SearchQuery(near=(26.0, 119.55), radius_km=30))
    assert set(keys(result)) == {
        corpus.CHANGLE_CENTRE.key,
        corpus.MAWEI_CENTRE.key,
        corpus.FUZHOU_INSTITUTION.key,
    }
    assert all(hit.distance_m <= 30_000 for hit in result.hits)


def test_text_and_near_together(indexed):
    result = indexed.search(SearchQuery(text="保护中心", near=(26.0, 119.55)))
    assert keys(result) == [
        corpus.CHANGLE_CENTRE.key,
        corpus.MAWEI_CENTRE.key,
        corpus.TAINING_CENTRE.key,
    ]


def test_bbox_keeps_what_is_inside(indexed):
    sanming = (116.9, 26.7, 117.4, 27.1)
    result = indexed.search(SearchQuery(bbox=sanming))
    assert set(keys(result)) == {
        corpus.TAINING_CENTRE.key,
        corpus.TAINING_STATION.key,
        corpus.SUMMER_PROJECT.key,
    }


def test_facets_count_all_matches_not_only_the_page(indexed):
    result = indexed.search(SearchQuery(page_size=2))
    assert len(result.hits) == 2
    assert result.facets["type"] == {SERVICE_POINT: 6, ORGANIZATION: 1, PROJECT: 1}
    assert result.facets["level"] == {"city": 1, "county": 3, "township": 1, "village": 1}
    assert result.facets["city"] == {"350100": 3, "350200": 1, "350400": 4}
    assert result.facets["category"]["care_network"] == 4
    assert result.facets["category"]["mental_health"] == 2


def test_pages_partition_the_results(indexed):
    seen = []
    for page in (1, 2, 3):
        result = indexed.search(SearchQuery(page=page, page_size=3))
        assert result.count == len(corpus.ALL)
        seen += keys(result)
    assert len(seen) == len(set(seen)) == len(corpus.ALL)
    assert indexed.search(SearchQuery(page=4, page_size=3)).hits == []


def test_text_result_pages_do_not_overlap(indexed):
    pages = [keys(indexed.search(SearchQuery(text="中心", page=p, page_size=2))) for p in (1, 2)]
    assert pages[0] and pages[1]
    assert not set(pages[0]) & set(pages[1])


def test_clusters_zoomed_out_count_every_point_in_the_view(indexed):
    clusters = indexed.clusters(ClusterQuery(bbox=FUJIAN, zoom=5))
    assert sum(cluster.count for cluster in clusters) == len(corpus.POINTS)  # points only
    grouped = [cluster for cluster in clusters if cluster.count > 1]
    assert grouped, "at zoom 5 the Taining points share a cell"
    for cluster in grouped:
        west, south, east, north = cluster.bounds
        assert west <= cluster.lon <= east and south <= cluster.lat <= north
        assert cluster.id is None


def test_clusters_zoomed_in_are_single_points_with_id_and_level(indexed):
    taining = (117.0, 26.8, 117.3, 27.0)
    clusters = indexed.clusters(ClusterQuery(bbox=taining, zoom=16))
    assert sorted((c.count, c.type, c.id, c.level) for c in clusters) == [
        (1, SERVICE_POINT, "1", "county"),
        (1, SERVICE_POINT, "2", "township"),
    ]
    station = next(c for c in clusters if c.id == "2")
    assert (station.lat, station.lon) == pytest.approx((26.8981, 117.1766), abs=1e-6)


def test_clusters_filter_by_level_and_category(indexed):
    county = indexed.clusters(ClusterQuery(bbox=FUJIAN, zoom=14, level="county"))
    assert sorted(c.id for c in county) == ["1", "3", "4"]
    family = indexed.clusters(ClusterQuery(bbox=FUJIAN, zoom=14, category="family_affection"))
    assert [c.id for c in family] == ["5"]


def test_rebuild_replaces_everything(indexed):
    assert indexed.rebuild([corpus.MAWEI_CENTRE]) == 1
    assert keys(indexed.search(SearchQuery())) == [corpus.MAWEI_CENTRE.key]


def test_health_reports_ok(indexed):
    assert indexed.health()["status"] == "ok"
