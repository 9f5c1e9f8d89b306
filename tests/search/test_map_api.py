"""/api/v1/map/clusters/: GeoJSON for the map, one error shape for bad input."""

import random

import pytest

from directory.models import Level, LocationPrecision, ServiceLevel, ServicePoint
from search import clusters
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/map/clusters/"


@pytest.fixture(autouse=True)
def fresh_index():
    clusters.reset_index()
    yield
    clusters.reset_index()


@pytest.fixture
def thousands():
    """3,000 public points over Fujian."""
    rng = random.Random(7)
    division = DivisionFactory(code="350501")
    ServicePoint.objects.bulk_create(
        ServicePoint(
            name=f"福州市某某镇儿童关爱服务站第{n}号",
            name_en=f"Some Town Children's Care Station No. {n}",
            level=rng.choice(ServiceLevel.values),
            division=division,
            latitude=rng.uniform(23.5, 28.3),
            longitude=rng.uniform(115.9, 120.7),
        )
        for n in range(3000)
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"zoom": "7"}, "bbox"),
        ({"bbox": "115,23,121", "zoom": "7"}, "bbox"),
        ({"bbox": "a,b,c,d", "zoom": "7"}, "bbox"),
        ({"bbox": "nan,23,121,29", "zoom": "7"}, "bbox"),
        ({"bbox": "121,23,115,29", "zoom": "7"}, "bbox"),  # west east of east
        ({"bbox": "115,29,121,23", "zoom": "7"}, "bbox"),
        ({"bbox": "-200,23,121,29", "zoom": "7"}, "bbox"),
        ({"bbox": "115,-95,121,29", "zoom": "7"}, "bbox"),
        ({"bbox": "115,23,121,29"}, "zoom"),
        ({"bbox": "115,23,121,29", "zoom": "seven"}, "zoom"),
        ({"bbox": "115,23,121,29", "zoom": "7.5"}, "zoom"),
        ({"bbox": "115,23,121,29", "zoom": "-1"}, "zoom"),
        ({"bbox": "115,23,121,29", "zoom": "21"}, "zoom"),
        ({"bbox": "115,23,121,29", "zoom": "7", "level": "province"}, "level"),
        ({"bbox": "115,23,121,29", "zoom": "7", "category": "cooking"}, "category"),
        ({"bbox": "115,23,121,29", "zoom": "7", "lang": "fr"}, "lang"),
    ],
)
def test_bad_parameters_answer_400_with_the_error_shape(client, query, field):
    response = client.get(URL, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert error["code"] in {"invalid_parameter", "required"}
    assert error["message"]


def test_clusters_and_points_as_geojson(client):
    county = DivisionFactory(code="350502", latitude=26.9, longitude=117.17)
    township = DivisionFactory(
        code="350502100", level=Level.TOWNSHIP, parent=county, latitude=26.91, longitude=117.16
    )
    station = ServicePointFactory(
        division=county, level=ServiceLevel.COUNTY, name="泰宁县未成年人救助保护中心",
        name_en="Taining County Minors Protection Centre", latitude=26.89, longitude=117.18,
    )  # fmt: skip
    for _ in range(2):
        ServicePointFactory(
            division=township, level=ServiceLevel.VILLAGE,
            location_precision=LocationPrecision.TOWNSHIP,
        )  # fmt: skip

    body = client.get(URL, {"bbox": "117,26.8,117.3,27", "zoom": "7"}).json()
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]
    assert feature["properties"]["point_count"] == 3
    west, south, east, north = feature["properties"]["bounds"]
    assert (west, south, east, north) == (117.16, 26.89, 117.18, 26.91)

    zoomed = client.get(URL, {"bbox": "117,26.8,117.3,27", "zoom": "16", "lang": "en"}).json()
    singles = {f["properties"]["id"]: f for f in zoomed["features"]}
    assert len(singles) == 3
    centre = singles[station.pk]
    assert centre["geometry"]["coordinates"] == [117.18, 26.89]
    assert centre["properties"] == {
        "id": station.pk,
        "level": "county",
        "title": "Taining County Minors Protection Centre",
        "url": f"/en/directory/points/{station.pk}/",
        "location_approximate": False,
    }
    homes = [f for pk, f in singles.items() if pk != station.pk]
    assert all(f["geometry"]["coordinates"] == [117.16, 26.91] for f in homes)
    # Drawn at their township's seat: marked approximate.
    assert all(f["properties"]["location_approximate"] for f in homes)


@pytest.mark.parametrize(
    ("bbox", "zoom"),
    [
        ("115,23,121,29", 5),
        ("115,23,121,29", 8),
        ("115,23,121,29", 12),  # a whole province at a street zoom: coarsened, still small
        ("117,25,119,27", 10),
        ("117.5,25.5,117.7,25.7", 13),
        ("-180,-90,180,90", 20),
    ],
)
def test_responses_stay_small_on_thousands_of_points(client, thousands, bbox, zoom):
    response = client.get(URL, {"bbox": bbox, "zoom": zoom})
    assert response.status_code == 200
    features = response.json()["features"]
    assert len(features) <= 1000
    assert len(response.content) <= 100_000
    west, south, east, north = (float(v) for v in bbox.split(","))
    in_bbox = ServicePoint.objects.filter(
        longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
    ).count()
    assert sum(f["properties"].get("point_count", 1) for f in features) == in_bbox


def test_level_filter(client, thousands):
    response = client.get(URL, {"bbox": "115,23,121,29", "zoom": 6, "level": "city"})
    total = sum(f["properties"].get("point_count", 1) for f in response.json()["features"])
    assert total == ServicePoint.objects.filter(level="city").count()
