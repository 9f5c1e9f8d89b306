"""The OpenAPI schema at /api/schema/ describes what the API really answers (found by
schemathesis, tests/portal/api/test_schema_fuzz.py)."""

import pytest

from tests.factories.directory import DivisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_publishes_only_the_public_api(schema):
    # Wagtail's staff-only admin API (/admin/api/main/...) answered 302 and had no place here.
    assert schema["paths"]
    assert all(path.startswith("/api/") for path in schema["paths"]), list(schema["paths"])


def test_city_without_parent_is_described_with_a_nullable_parent_code(client, schema):
    DivisionFactory(code="350100", level="city")
    body = client.get("/api/v1/divisions/350100/").json()
    assert body["parent_code"] is None
    assert schema["components"]["schemas"]["Division"]["properties"]["parent_code"]["nullable"]


def test_distance_is_not_promised_without_near(schema):
    near_point = schema["components"]["schemas"]["NearServicePoint"]
    assert "distance_m" in near_point["properties"]
    assert "distance_m" not in near_point.get("required", [])


@pytest.mark.parametrize(
    "path", ["/api/v1/service-points/", "/api/v1/organizations/", "/api/v1/divisions/{code}/"]
)
def test_conditional_requests_document_304(schema, path):
    assert "304" in schema["paths"][path]["get"]["responses"]


@pytest.mark.parametrize("path", ["/api/v1/search/", "/api/v1/map/clusters/"])
def test_bad_parameters_are_documented_in_the_error_shape(client, schema, path):
    documented = schema["paths"][path]["get"]["responses"]["400"]
    assert documented["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
    body = client.get(path, {"bbox": "public_lon", "zoom": "7"}).json()
    assert body["error"]["field"] == "bbox"


@pytest.mark.parametrize(
    "path", ["/api/v1/projects/0.5/", "/api/v1/service-points/-1e3/", "/api/v1/nothing-here/"]
)
def test_unmatched_api_url_answers_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_unmatched_site_url_still_answers_the_html_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# Found by hypothesis and schemathesis on PostgreSQL, which refuses NUL in text: a NUL in a
# filter reached the database and answered 500.
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/service-points/", "q"),
        ("/api/v1/service-points/", "division"),
        ("/api/v1/organizations/", "division"),
        ("/api/v1/search/", "q"),
        ("/api/v1/map/clusters/", "bbox"),
    ],
)
def test_a_nul_in_a_parameter_is_a_named_400(client, path, name):
    response = client.get(path + f"?{name}=a%00b")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == name
