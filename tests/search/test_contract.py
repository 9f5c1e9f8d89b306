"""The search contract, written once against SearchBackend and run on every backend."""

import pytest
from geopy.distance import geodesic

from search.contract import (
    ORGANIZATION,
    PROJECT,
    SERVICE_POINT,
    ClusterQuery,
    SearchDocument,
    SearchQuery,
)

TAINING = {"division_name": "泰宁县", "division_name_en": "Taining County", "city_code": "350400"}


def point(pk, title, title_en="", **fields) -> SearchDocument:
    values = {
        "type": SERVICE_POINT,
        "id": str(pk),
        "title": title,
        "title_en": title_en,
        "url": f"/directory/points/{pk}/",
        "level": "township",
        "division_code": "350429100",
        "division_name": "杉城镇",
        "division_name_en": "Shancheng Town",
        "city_code": "350400",
        "categories": ("care_network",),
        "lat": 26.9,
        "lon": 117.17,
    }
    values.update(fields)
    return SearchDocument(**values)


@pytest.fixture
def network():
    """A small network: a county centre and stations in Taining, Mawei, Changle and Xiamen."""
    return [
        point(
            1,
            "泰宁县未成年人救助保护中心",
            "Taining County Minors Protection and Guidance Centre",
            level="county",
            division_code="350429",
            categories=("care_network", "mental_health"),
            lat=26.90,
            lon=117.18,
            body="三明市泰宁县",
            **TAINING,
        ),
        point(
            2,
            "杉城镇儿童关爱服务站",
            "Shancheng Town Children's Care Station",
            body="三明市泰宁县杉城镇",
            lat=26.89,
            lon=117.16,
        ),
        point(
            3,
            "马尾区未成年人救助保护中心",
            "Mawei District Minors Protection and Guidance Centre",
            level="county",
            division_code="350105",
            division_name="马尾区",
            division_name_en="Mawei District",
            city_code="350100",
            lat=25.99,
            lon=119.45,
            body="福州市马尾区",
        ),
        point(
            4,
            "长乐区未成年人救助保护中心",
            "Changle District Minors Protection and Guidance Centre",
            level="county",
            division_code="350112",
            division_name="长乐区",
            division_name_en="Changle District",
            city_code="350100",
            lat=25.96,
            lon=119.52,
            body="福州市长乐区",
            categories=("legal_aid",),
        ),
        point(
            5,
            "厦门市区域性儿童福利院",
            "Xiamen Regional Child Welfare Institution",
            level="city",
            division_code="350200",
            division_name="厦门市",
            division_name_en="Xiamen City",
            city_code="350200",
            lat=24.48,
            lon=118.09,
            body="厦门市",
        ),
        SearchDocument(
            type=ORGANIZATION,
            id="7",
            title="泰宁县阳光社工服务中心",
            title_en="Taining Sunshine Social Work Centre",
            body="心理辅导 三明市泰宁县",
            url="/directory/organizations/7/",
            division_code="350429",
            categories=("mental_health",),
            **TAINING,
        ),
        SearchDocument(
            type=PROJECT,
            id="8",
            title="泰宁暑期儿童心理辅导营",
            title_en="Taining Summer Counselling Camp",
            body="心理辅导",
            url="/directory/projects/8/",
            division_code="350429",
            categories=("mental_health",),
            lat=26.9,
            lon=117.17,
            **TAINING,
        ),
    ]


@pytest.fixture
def indexed(backend, network):
    assert backend.index(network) == len(network)
    return backend


def ids(result):
    return [h.document.key for h in result.hits]


def test_a_chinese_word_finds_the_place_and_the_name_match_comes_first(indexed):
    result = indexed.search(SearchQuery(text="泰宁"))
    assert ids(result)[0] == "service_point:1"
    assert {"service_point:2", "organization:7", "project:8"} <= set(ids(result))
    assert "service_point:3" not in ids(result)
    assert result.count == len(result.hits) == 4
    assert result.backend == indexed.name


@pytest.mark.parametrize("text", ["taining", "tai ning", "tnx", "TAINING", "太宁"])
def test_pinyin_initials_and_same_sound_typos_find_the_place(indexed, text):
    assert ids(indexed.search(SearchQuery(text=text)))[0] == "service_point:1"


@pytest.mark.parametrize("text", ["taining", "tai ning", "太宁"])
def test_a_place_said_by_sound_finds_what_its_characters_find(indexed, text):
    # The Shancheng station names Taining only in its address: by sound it is found all the same.
    by_characters = indexed.search(SearchQuery(text="泰宁"))
    by_sound = indexed.search(SearchQuery(text=text))
    assert "service_point:2" in ids(by_sound)
    assert set(ids(by_sound)) == set(ids(by_characters))
    assert by_sound.count == by_characters.count == 4


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mawei", "service_point:3"),
        ("changle", "service_point:4"),
        ("xiamen", "service_point:5"),
        ("夏门", "service_point:5"),
    ],
)
def test_polyphonic_places_are_found_as_people_say_them(indexed, text, expected):
    assert ids(indexed.search(SearchQuery(text=text)))[0] == expected


def test_english_names_on_the_english_site(indexed):
    result = indexed.search(SearchQuery(text="Taining County", language="en"))
    assert ids(result)[0] == "service_point:1"
    assert result.hits[0].document.title_en.startswith("Taining County")


def test_words_of_service_and_place_together(indexed):
    assert ids(indexed.search(SearchQuery(text="泰宁 关爱服务站")))[0] == "service_point:2"
    assert ids(indexed.search(SearchQuery(text="心理辅导")))[:2] == [
        "project:8",
        "organization:7",
    ] or set(ids(indexed.search(SearchQuery(text="心理辅导")))[:2]) == {
        "project:8",
        "organization:7",
    }


def test_documents_come_back_whole(indexed, network):
    hit = indexed.search(SearchQuery(text="马尾区未成年人救助保护中心")).hits[0]
    assert hit.document == network[2]


def test_nothing_matches_gibberish(indexed):
    result = indexed.search(SearchQuery(text="qqqzzzxxx"))
    assert result.count == 0 and result.hits == []


def test_filters(indexed):
    def keys(**kwargs):
        return set(ids(indexed.search(SearchQuery(page_size=50, **kwargs))))

    assert keys(text="泰宁", types=(ORGANIZATION, PROJECT)) == {"organization:7", "project:8"}
    assert keys(level="county") == {"service_point:1", "service_point:3", "service_point:4"}
    assert keys(division="3501") == {"service_point:3", "service_point:4"}
    assert keys(category="legal_aid") == {"service_point:4"}
    # Xiamen only: a box around the island.
    assert keys(bbox=(117.9, 24.3, 118.3, 24.7)) == {"service_point:5"}
    assert keys(text="泰宁", level="township") == {"service_point:2"}


def test_near_gives_exact_distances_sorted_and_radius_bounds_them(indexed):
    mawei = (25.99, 119.45)
    result = indexed.search(SearchQuery(near=mawei, types=(SERVICE_POINT,)))
    distances = [h.distance_m for h in result.hits]
    assert ids(result)[:2] == ["service_point:3", "service_point:4"]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(0, abs=1)
    assert distances[1] == pytest.approx(geodesic(mawei, (25.96, 119.52)).meters, abs=1)
    near = indexed.search(SearchQuery(near=mawei, radius_km=20))
    assert set(ids(near)) == {"service_point:3", "service_point:4"} and near.count == 2


def test_near_with_text_ranks_by_name_then_distance_and_leaves_out_what_has_no_place(indexed):
    mawei = (25.99, 119.45)
    result = indexed.search(SearchQuery(text="泰宁", near=mawei))
    # The organisation has no location: it has no distance, so a search near a point omits it.
    assert ids(result) == ["service_point:1", "project:8", "service_point:2"]
    assert result.count == 3
    assert all(hit.distance_m is not None for hit in result.hits)


def test_facets_count_every_match_not_only_the_page(indexed):
    result = indexed.search(SearchQuery(text="泰宁", page_size=1))
    assert len(result.hits) == 1 and result.count == 4
    assert result.facets["type"] == {"service_point": 2, "organization": 1, "project": 1}
    assert result.facets["level"] == {"county": 1, "township": 1}
    assert result.facets["city"] == {"350400": 4}
    assert result.facets["category"]["mental_health"] == 3


def test_pages_do_not_overlap(indexed):
    first = indexed.search(SearchQuery(text="泰宁", page_size=2))
    second = indexed.search(SearchQuery(text="泰宁", page=2, page_size=2))
    assert first.count == second.count == 4
    assert len(second.hits) == 2 and not set(ids(first)) & set(ids(second))
    assert indexed.search(SearchQuery(text="泰宁", page=3, page_size=2)).hits == []


def test_index_replaces_and_remove_forgets(indexed, network):
    renamed = point(2, "杉城镇儿童之家", body="三明市泰宁县杉城镇")
    indexed.index([renamed])
    assert indexed.search(SearchQuery(text="杉城镇")).count == 1
    assert (
        indexed.search(SearchQuery(text="杉城镇 儿童之家")).hits[0].document.title
        == "杉城镇儿童之家"
    )
    assert indexed.remove(SERVICE_POINT, ["2", "999"]) == 1
    assert indexed.search(SearchQuery(text="杉城镇")).count == 0


def test_rebuild_replaces_everything(indexed, network):
    assert indexed.rebuild(network[2:3]) == 1
    assert indexed.search(SearchQuery(text="泰宁")).count == 0
    assert ids(indexed.search(SearchQuery(text="mawei"))) == ["service_point:3"]


def test_health_answers(indexed):
    health = indexed.health()
    assert health["status"] == "ok" and health["backend"] == indexed.name


def test_clusters_cover_the_points_in_view(indexed):
    if indexed.name == "database":
        # The database backend clusters the directory itself (search/clusters.py keeps an
        # in-memory pyramid of the public points), not its text index: see test_clusters.py.
        pytest.skip("database clusters are tested on real service points in test_clusters.py")
    clusters = indexed.clusters(ClusterQuery(bbox=(115.0, 23.0, 121.0, 29.0), zoom=5))
    assert sum(c.count for c in clusters) == 5  # the five service points
