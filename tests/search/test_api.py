"""/api/v1/search/: the public shape, languages and 400s that name the parameter."""

import pytest

from search import service
from search.contract import SearchDocument

URL = "/api/v1/search/"


@pytest.fixture
def indexed(db):
    backend = service.get_backend()
    backend.index(
        [
            SearchDocument(
                type="service_point",
                id="1",
                title="泰宁县未成年人救助保护中心（演示）",
                title_en="Taining County Minors Protection and Guidance Centre (demo)",
                body="三明市泰宁县（演示地址）",
                url="/directory/points/1/",
                level="county",
                division_code="350429",
                division_name="泰宁县",
                division_name_en="Taining County",
                city_code="350400",
                categories=("care_network",),
                lat=26.9,
                lon=117.17,
                is_demo=True,
            ),
            SearchDocument(
                type="service_point",
                id="2",
                title="马尾区未成年人救助保护中心（演示）",
                title_en="Mawei District Minors Protection and Guidance Centre (demo)",
                url="/directory/points/2/",
                level="county",
                division_code="350105",
                division_name="马尾区",
                division_name_en="Mawei District",
                city_code="350100",
                lat=25.99,
                lon=119.45,
                is_demo=True,
            ),
        ]
    )


def test_search_answers_the_documented_shape(client, indexed):
    body = client.get(URL, {"q": "taining"}).json()
    assert body["count"] == 1 and body["backend"] == "database" and body["degraded"] is False
    assert body["results"] == [
        {
            "type": "service_point",
            "id": "1",
            "title": "泰宁县未成年人救助保护中心（演示）",
            "url": "/directory/points/1/",
            "snippet": "三明市泰宁县（演示地址）",
            "level": "county",
            "division": {"code": "350429", "name": "泰宁县"},
            "lat": 26.9,
            "lon": 117.17,
            "distance_m": None,
            "location_approximate": False,
            "is_demo": True,
        }
    ]
    assert body["facets"]["city"] == {"350400": 1}


def test_english_titles_and_urls(client, indexed):
    result = client.get(URL, {"q": "Taining County", "lang": "en"}).json()["results"][0]
    assert result["title"].startswith("Taining County Minors Protection")
    assert result["url"] == "/en/directory/points/1/"
    assert result["division"]["name"] == "Taining County"
    accepted = client.get(URL, {"q": "mawei"}, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert accepted["title"].startswith("Mawei District")


def test_near_sorts_by_distance(client, indexed):
    results = client.get(URL, {"near": "25.99,119.45"}).json()["results"]
    assert [r["id"] for r in results] == ["2", "1"]
    assert results[0]["distance_m"] < 1 < results[1]["distance_m"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"near": "abc"}, "near"),
        ({"near": "95,119"}, "near"),
        ({"near": "25,119,3"}, "near"),
        ({"radius_km": "5"}, "radius_km"),
        ({"near": "25,119", "radius_km": "-1"}, "radius_km"),
        ({"bbox": "119,26,118,25"}, "bbox"),
        ({"bbox": "nan,1,2,3"}, "bbox"),
        ({"level": "galaxy"}, "level"),
        ({"type": "person"}, "type"),
        ({"category": "nope"}, "category"),
        ({"division": "35a"}, "division"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"lang": "fr"}, "lang"),
        ({"q": "泰" * 101}, "q"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(client, db, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_the_schema_documents_the_endpoint(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {
        "q",
        "type",
        "level",
        "division",
        "category",
        "near",
        "radius_km",
        "page",
        "lang",
    } <= parameters
