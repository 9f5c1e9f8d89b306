"""The clusters API takes the search's parameters and shows exactly the search's matches, on the
database backend and on the engine backend (osmem-server, or ELASTICSEARCH_URL's cluster)."""

import contextlib

import pytest

from directory.models import Level, LocationPrecision, ServiceCategory, ServiceLevel
from search import clusters, service
from tests.factories.directory import DivisionFactory, ServicePointFactory
from tests.search.engine.fixtures import configure_engine

pytestmark = pytest.mark.django_db

CLUSTERS = "/api/v1/map/clusters/"
SEARCH = "/api/v1/search/"
WORLD = "-180,-90,180,90"
TAINING_BOX = (117.0, 26.8, 117.3, 27.1)


@pytest.fixture
def taining():
    """Taining county (7 public points, one hidden, two only at a seat) among other counties."""
    clusters.reset_index()
    ServiceCategory.objects.get_or_create(code="legal_aid")
    ServiceCategory.objects.get_or_create(code="mental_health")
    sanming = DivisionFactory(
        code="350400", name="三明市", name_en="Sanming City", level=Level.CITY,
        latitude=26.26, longitude=117.64,
    )  # fmt: skip
    county = DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    shancheng = DivisionFactory(
        code="350429100", name="杉城镇", name_en="Shancheng Town", level=Level.TOWNSHIP,
        parent=county, latitude=26.89, longitude=117.16,
    )  # fmt: skip
    # No open source places this township: it carries its county's seat.
    zhukou = DivisionFactory(
        code="350429101", name="朱口镇", name_en="Zhukou Town", level=Level.TOWNSHIP,
        parent=county, latitude=26.90, longitude=117.17, location_approximate=True,
    )  # fmt: skip
    jiangle = DivisionFactory(
        code="350428", name="将乐县", name_en="Jiangle County", parent=sanming,
        latitude=26.73, longitude=117.47,
    )  # fmt: skip
    xiamen = DivisionFactory(
        code="350200", name="厦门市", name_en="Xiamen City", level=Level.CITY,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    legal = ServiceCategory.objects.get(code="legal_aid")
    mental = ServiceCategory.objects.get(code="mental_health")
    points = {
        "centre": ServicePointFactory(
            name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=county,
            latitude=26.905, longitude=117.175,
        ),
        "station": ServicePointFactory(
            name="杉城镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=shancheng,
            latitude=26.885, longitude=117.155,
        ),
        "home": ServicePointFactory(
            name="杉城镇东山村儿童之家", level=ServiceLevel.VILLAGE, division=shancheng,
            location_precision=LocationPrecision.TOWNSHIP, latitude=26.86, longitude=117.12,
        ),
        "zhukou": ServicePointFactory(
            name="朱口镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=zhukou,
            latitude=26.90, longitude=117.17, location_approximate=True,
        ),
        "village": ServicePointFactory(
            name="朱口镇龙湖村儿童之家", level=ServiceLevel.VILLAGE, division=zhukou,
            latitude=26.99, longitude=117.05,
        ),
        "village2": ServicePointFactory(
            name="朱口镇音山村儿童之家", level=ServiceLevel.VILLAGE, division=zhukou,
            latitude=26.97, longitude=117.08,
        ),
        "hidden": ServicePointFactory(
            name="泰宁县某未公开儿童之家", level=ServiceLevel.VILLAGE, division=shancheng,
            latitude=26.88, longitude=117.15, is_public=False,
        ),
        "jiangle": ServicePointFactory(
            name="将乐县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=jiangle,
            latitude=26.73, longitude=117.47,
        ),
        "jiangle_home": ServicePointFactory(
            name="将乐县古镛镇儿童之家", level=ServiceLevel.VILLAGE, division=jiangle,
            latitude=26.72, longitude=117.46,
        ),
        "xiamen": ServicePointFactory(
            name="厦门市儿童福利院", level=ServiceLevel.CITY, division=xiamen,
            latitude=24.48, longitude=118.09,
        ),
    }  # fmt: skip
    points["centre"].categories.add(legal)
    points["jiangle"].categories.add(legal)
    points["station"].categories.add(mental)
    yield points
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
    taining_points = {"centre", "station", "home", "zhukou", "village", "village2"}
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
    assert flags == {
        taining["centre"].pk: False,
        taining["station"].pk: False,
        taining["home"].pk: True,  # township precision: drawn at its township's seat
        taining["zhukou"].pk: True,  # placed at its county's seat
        taining["village"].pk: False,
        taining["village2"].pk: False,
    }


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
