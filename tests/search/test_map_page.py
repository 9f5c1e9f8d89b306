"""/map/ without JavaScript: the form submits GET and the server renders the list."""

import json
import re

import pytest

from directory.models import Level, LocationPrecision, ServiceCategory, ServiceLevel
from search import service as search_service
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    sanming = DivisionFactory(
        code="350400", name="三明市", name_en="Sanming City", level=Level.CITY,
        latitude=26.26, longitude=117.64,
    )  # fmt: skip
    taining = DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    shancheng = DivisionFactory(
        code="350429100", name="杉城镇", name_en="Shancheng Town", level=Level.TOWNSHIP,
        parent=taining, latitude=26.89, longitude=117.16,
    )  # fmt: skip
    xiamen = DivisionFactory(
        code="350200", name="厦门市", name_en="Xiamen City", level=Level.CITY,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    legal, _ = ServiceCategory.objects.get_or_create(code="legal_aid")
    centre = ServicePointFactory(
        name="泰宁县未成年人救助保护中心", name_en="Taining County Minors Protection Centre",
        level=ServiceLevel.COUNTY, division=taining, latitude=26.90, longitude=117.17,
    )  # fmt: skip
    centre.categories.add(legal)
    station = ServicePointFactory(
        name="杉城镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=shancheng,
        latitude=26.891, longitude=117.161,
    )  # fmt: skip
    home = ServicePointFactory(
        name="杉城镇东山村儿童之家", level=ServiceLevel.VILLAGE, division=shancheng,
        address="三明市泰宁县杉城镇东山村12号", latitude=26.95, longitude=117.25,
        location_precision=LocationPrecision.TOWNSHIP,
    )  # fmt: skip
    hidden = ServicePointFactory(name="隐藏的服务站", division=taining, hidden=True)
    far = ServicePointFactory(
        name="厦门市儿童福利院", level=ServiceLevel.CITY, division=xiamen,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    # The typed-words list comes from the search index, which follows saves after commit.
    search_service.rebuild()
    return {"centre": centre, "station": station, "home": home, "hidden": hidden, "far": far}


def names(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="point-name">.*?<a href="[^"]+">([^<]+)</a>', html, re.S)


def config(response) -> dict:
    html = response.content.decode()
    return json.loads(re.search(r'<script id="map-config"[^>]*>(.*?)</script>', html, re.S)[1])


def test_the_list_shows_every_public_point_with_real_links(client, network):
    response = client.get("/map/")
    assert response.status_code == 200
    html = response.content.decode()
    assert set(names(response)) == {
        "泰宁县未成年人救助保护中心",
        "杉城镇儿童关爱服务站",
        "杉城镇东山村儿童之家",
        "厦门市儿童福利院",
    }
    centre = network["centre"].pk
    assert f'href="/directory/points/{centre}/"' in html
    assert "隐藏的服务站" not in html
    # A township-precision home: neither its address nor its own coordinates are shown.
    assert "东山村12号" not in html and "26.950000" not in html
    assert 'data-lat="26.890000"' in html
    assert '<form class="map-filters" method="get" action="/map/"' in html
    assert "<h1>" in html and 'id="results-heading"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "county"}, ["泰宁县未成年人救助保护中心"]),
        ({"category": "legal_aid"}, ["泰宁县未成年人救助保护中心"]),
        (
            {"division": "350429"},
            ["泰宁县未成年人救助保护中心", "杉城镇儿童关爱服务站", "杉城镇东山村儿童之家"],
        ),
        ({"division": "350400", "level": "township"}, ["杉城镇儿童关爱服务站"]),
        ({"division": "350200"}, ["厦门市儿童福利院"]),
        ({"q": "儿童之家"}, ["杉城镇东山村儿童之家"]),
        (
            {"q": "泰宁"},
            ["泰宁县未成年人救助保护中心", "杉城镇儿童关爱服务站", "杉城镇东山村儿童之家"],
        ),
        (
            {"bbox": "117,26,118,27"},
            ["泰宁县未成年人救助保护中心", "杉城镇儿童关爱服务站", "杉城镇东山村儿童之家"],
        ),
        ({"bbox": "117.2,26.9,117.3,27"}, []),  # the home's real spot: it is not there publicly
        ({"near": "24.5,118.1"}, ["厦门市儿童福利院"]),
    ],
)
def test_filters_without_javascript(client, network, query, expected):
    assert names(client.get("/map/", query)) == expected


def test_a_place_name_sorts_by_distance_and_centres_the_map(client, network):
    response = client.get("/map/", {"place": "杉城镇"})
    assert names(response) == [
        "杉城镇东山村儿童之家",
        "杉城镇儿童关爱服务站",
        "泰宁县未成年人救助保护中心",
    ]
    html = response.content.decode()
    # The children's home is drawn at its township's centre: marked approximate, with no
    # distance (it once read "0.0 km"); the station has its own position and a distance.
    metas = re.findall(r'<p class="point-meta">(.*?)</p>', html)
    assert "大致位置（乡镇或县城所在地）" in metas[0] and "公里" not in metas[0]
    assert re.search(r"距离 0\.1 公里", metas[1])
    assert config(response)["near"] == [26.89, 117.16]
    assert (config(response)["lat"], config(response)["lon"]) == (26.89, 117.16)

    unknown = client.get("/map/", {"place": "火星"})
    assert "火星" in unknown.content.decode() and unknown.status_code == 200
    assert len(names(unknown)) == 4


def test_deep_link_state_is_restored(client, network):
    response = client.get(
        "/map/", {"lat": "26.5", "lon": "117.8", "z": "11", "level": "village", "q": "东山"}
    )
    html = response.content.decode()
    assert (config(response)["lat"], config(response)["lon"], config(response)["zoom"]) == (
        26.5, 117.8, 11,
    )  # fmt: skip
    assert '<option value="village" selected>' in html
    assert 'value="东山"' in html
    assert names(response) == ["杉城镇东山村儿童之家"]
    # A division alone centres the map on it.
    assert config(client.get("/map/", {"division": "350429"}))["zoom"] == 10


def test_bad_parameters_never_break_the_page(client, network):
    response = client.get(
        "/map/",
        {"lat": "north", "z": "99", "bbox": "1,2", "near": "x", "level": "moon", "page": "-3"},
    )
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_pagination_keeps_the_filters(client, network, django_capture_on_commit_callbacks):
    division = network["centre"].division
    with django_capture_on_commit_callbacks(execute=True):  # indexed once saved, as live
        ServicePointFactory.create_batch(25, division=division, level=ServiceLevel.VILLAGE)
    first = client.get("/map/", {"level": "village"})
    assert len(names(first)) == 20
    html = first.content.decode()
    assert 'href="?level=village&amp;page=2"' in html
    second = client.get("/map/", {"level": "village", "page": "2"})
    assert len(names(second)) == 6


def test_the_list_fragment_for_in_place_updates(client, network):
    response = client.get("/map/", {"level": "county", "fragment": "list"})
    html = response.content.decode()
    assert "<html" not in html
    assert names(response) == ["泰宁县未成年人救助保护中心"]
    assert 'data-count="1"' in html


def test_english_page(client, network):
    response = client.get("/en/map/", {"level": "county"})
    html = response.content.decode()
    assert names(response) == ["Taining County Minors Protection Centre"]
    assert f'href="/en/directory/points/{network["centre"].pk}/"' in html
    assert config(response)["lang"] == "en"
    assert config(response)["clustersUrl"] == "/api/v1/map/clusters/"


def test_the_map_assets_are_served_by_us(client, network):
    html = client.get("/map/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert "/static/leaflet/leaflet.js" in assets
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in assets
    # hreflang alternates are absolute by definition; every asset is ours.
    without_alternates = re.sub(r'<link rel="alternate"[^>]*>', "", html)
    assert not re.search(r'(?:src|href)="https?://', without_alternates)
    for asset in assets:
        assert client.get(asset).status_code == 200
