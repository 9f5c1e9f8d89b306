"""MAP_TILE_DATUM changes where markers are drawn, never the coordinates we store or publish."""

import json
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from search import clusters
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(settings):
    settings.MAP_TILE_DATUM = "gcj02"
    clusters.reset_index()
    taining = DivisionFactory(code="350429", name="泰宁县", latitude=26.90, longitude=117.17)
    yield ServicePointFactory(division=taining, latitude=26.905, longitude=117.175)
    clusters.reset_index()


def test_the_map_page_tells_its_script_the_tile_datum(client, point):
    html = client.get("/map/").content.decode()
    config = json.loads(re.search(r'<script id="map-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["tileDatum"] == "gcj02"
    assert "frontend/js/datum.js" in html


def test_api_and_open_data_stay_wgs84_with_a_gcj02_base_map(client, point):
    item = client.get(f"/api/v1/service-points/{point.pk}/").json()
    assert (item["latitude"], item["longitude"]) == (26.905, 117.175)
    view = "bbox=117.1,26.8,117.3,27.0&zoom=16"
    [feature] = client.get(f"/api/v1/map/clusters/?{view}").json()["features"]
    assert feature["geometry"]["coordinates"] == [117.175, 26.905]
    geojson = json.loads(b"".join(client.get("/opendata/service-points.geojson").streaming_content))
    [feature] = [f for f in geojson["features"] if f["properties"]["id"] == point.pk]
    assert feature["geometry"]["coordinates"] == [117.175, 26.905]
    csv = b"".join(client.get("/opendata/service-points.csv").streaming_content).decode("utf-8-sig")
    assert "26.905" in csv and "117.175" in csv


def test_an_unknown_tile_datum_stops_the_portal_at_start(monkeypatch):
    import importlib

    import portal.settings.base as base

    monkeypatch.setenv("MAP_TILE_DATUM", "bd09")
    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_DATUM"):
        importlib.reload(base)
    monkeypatch.delenv("MAP_TILE_DATUM")
    importlib.reload(base)
