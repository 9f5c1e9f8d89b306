"""The clusters API takes the search's parameters and shows exactly the search's matches, on the
database backend and on the engine backend (osmem-server, or ELASTICSEARCH_URL's cluster)."""

import contextlib
import re

import pytest

from search import clusters, service
from tests.search.engine.fixtures import configure_engine
from tests.search.taining import APPROXIMATE, TAINING_BOX, TAINING_POINTS, taining_network

pytestmark = pytest.mark.django_db

CLUSTERS = "/api/v1/map/clusters/"
SEARCH = "/api/v1/search/"
WORLD = "-180,-90,180,90"


@pytest.fixture
def taining():
    clusters.reset_index()
    yield taining_network()
    clusters.reset_index()


@pytest.fixture(params=["database", "elasticsearch"])
def backend_name(request, settings, monkeypatch, taining):
    """Each backend as the site's configured one, its index rebuilt from the directory."""
    monkeypatch.setattr(service, "_instances", {})
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        url, client = request.getfixturevalue("engine_endpoint")
        configure_engine(settings, url, client)
    service.rebuild()
    yield request.param
    if request.param == "elasticsearch":
        with contextlib.suppress(Exception):
            service.get_backend().engine.drop()


def searched(client, backend_name, params) -> dict:
    body = client.get(SEARCH, {"type": "service_point", "page_size": 100, **params}).json()
    assert (body["backend"], body["degraded"]) == (backend_name, False)
    return body


def total(features) -> int:
    return sum(f["properties"].get("point_count", 1) for f in features)


SEARCHES = [
    {},
    {"q": "泰宁"},
    {"q": "泰宁", "level": "village"},
    {"q": "taining"},
    {"q": "儿童之家"},
    {"q": "救助保护", "category": "legal_aid"},
    {"division": "350429"},
    {"division": "3504", "level": "county"},
    {"level": "township"},
    {"category": "legal_aid"},
    {"near": "26.9,117.17", "radius_km": "20"},
    {"q": "儿童之家", "near": "26.9,117.17", "radius_km": "30"},
]


@pytest.mark.parametrize("params", SEARCHES)
def test_clusters_account_for_exactly_the_search_matches(client, backend_name, params):
    found = searched(client, backend_name, params)
    expected_ids = {int(r["id"]) for r in found["results"]}
    assert len(expected_ids) == found["count"]  # all on one page: the test sees every match
    for zoom in (3, 9):
        body = client.get(CLUSTERS, {"bbox": WORLD, "zoom": zoom, **params}).json()
        assert total(body["features"]) == found["count"], (zoom, body)
        assert (body["count"], body["complete"]) == (found["count"], True)
    # Zoomed in, every match is a point of its own: the very same points as the search's.
    zoomed = client.get(CLUSTERS, {"bbox": "116.9,26.6,117.6,27.1", "zoom": 16, **params}).json()
    in_view = {
        int(r["id"])
        for r in found["results"]
        if 116.9 <= r["lon"] <= 117.6 and 26.6 <= r["lat"] <= 27.1
    }
    assert {f["properties"]["id"] for f in zoomed["features"]} == in_view
    assert expected_ids >= in_view


def test_a_county_search_is_that_county_and_its_bounds(client, backend_name, taining):
    body = client.get(CLUSTERS, {"bbox": WORLD, "zoom": 0, "q": "泰宁"}).json()
    taining_points = set(TAINING_POINTS)
    assert total(body["features"]) == len(taining_points)
    west, south, east, north = body["bounds"]
    x0, y0, x1, y1 = TAINING_BOX
    assert x0 <= west < east <= x1 and y0 <= south < north <= y1
    for name in taining_points:
        lat, lon = taining[name].public_location()
        assert west <= lon <= east and south <= lat <= north


def test_single_points_at_a_seat_are_marked_approximate(client, backend_name, taining):
    body = client.get(CLUSTERS, {"bbox": "117,26.8,117.3,27.1", "zoom": 16, "q": "泰宁"}).json()
    flags = {
        f["properties"]["id"]: f["properties"]["location_approximate"] for f in body["features"]
    }
    # "home" is at township precision (drawn at its township's seat), "zhukou" was placed at
    # its county's seat.
    assert flags == {taining[key].pk: key in APPROXIMATE for key in TAINING_POINTS}


def test_the_search_and_directory_apis_say_which_positions_are_approximate(client, taining):
    service.rebuild()
    body = client.get(SEARCH, {"q": "泰宁", "page_size": 50}).json()
    flags = {r["id"]: r["location_approximate"] for r in body["results"]}
    assert flags[str(taining["zhukou"].pk)] is True
    assert flags[str(taining["home"].pk)] is True
    assert flags[str(taining["centre"].pk)] is False
    listed = client.get("/api/v1/service-points/", {"division": "350429", "page_size": 50}).json()
    by_id = {r["id"]: r["location_approximate"] for r in listed["results"]}
    assert by_id[taining["zhukou"].pk] is True
    assert by_id[taining["home"].pk] is True
    assert by_id[taining["station"].pk] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "26.9"}, "near"),
        ({"near": "95,117"}, "near"),
        ({"radius_km": "10"}, "radius_km"),
        ({"near": "26.9,117.1", "radius_km": "-1"}, "radius_km"),
        ({"division": "35x4"}, "division"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_search_parameters_answer_400_naming_the_field(client, taining, params, field):
    response = client.get(CLUSTERS, {"bbox": WORLD, "zoom": 5, **params})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_the_list_gives_no_distance_for_a_position_that_is_only_a_seat(client, taining):
    # Near the county seat, where Zhukou's station is drawn: the list must not say "0.0 km".
    service.rebuild()
    page = client.get("/map/", {"near": "26.9,117.17"}).content.decode()
    items = {
        key: page.split(f'data-id="{taining[key].pk}"', 1)[1].split("</li>", 1)[0]
        for key in ("zhukou", "home", "centre")
    }
    for key in APPROXIMATE:
        assert "公里" not in items[key]
        assert "大致位置（乡镇或县城所在地）" in items[key]
        assert 'data-approximate="true"' in items[key]
    assert re.search(r"距离 0\.\d 公里", items["centre"])
    assert "大致位置" not in items["centre"]


@pytest.mark.parametrize("params", [{"q": "儿童之家"}, {"q": "泰宁"}])
def test_a_word_with_more_matches_than_a_ranked_page_still_draws_them_all(
    client, monkeypatch, settings, taining, params
):
    """A common word's matches outnumber the ranked hits the map asks for: the map still draws
    every one of them (from the index), not the best-ranked few."""
    monkeypatch.setattr(service, "_instances", {})
    settings.SEARCH_BACKEND = "database"
    service.rebuild()
    found = searched(client, "database", params)
    assert found["count"] > 2
    monkeypatch.setattr(service, "MATCHES_ON_MAP", 2)
    body = client.get(CLUSTERS, {"bbox": WORLD, "zoom": 16, **params}).json()
    assert (body["count"], body["complete"]) == (found["count"], True)
    assert {f["properties"]["id"] for f in body["features"]} == {
        int(r["id"]) for r in found["results"]
    }
