"""Hostile query parameters on the map page and the search APIs (hypothesis): never a 500, a
clear 400 in the API's error shape or a page that shows the input back escaped."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.models import Level, ServiceLevel
from search import clusters
from search import service as search_service
from tests.factories.directory import DivisionFactory, ServicePointFactory
from tests.hostile import assert_not_reflected_raw, hostile_text, query_string

pytestmark = pytest.mark.django_db

MAP_PARAMETERS = ["q", "level", "category", "division", "place", "near", "lat", "lon", "z", "bbox"]
API_PARAMETERS = ["q", "type", "level", "division", "category", "near", "radius_km", "bbox"]
POINT_PARAMETERS = ["q", "level", "division", "category", "bbox", "near", "radius_km", "page"]


@pytest.fixture
def network(db):
    sanming = DivisionFactory(code="350400", name="三明市", level=Level.CITY)
    taining = DivisionFactory(code="350429", name="泰宁县", parent=sanming)
    ServicePointFactory(
        name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=taining
    )
    ServicePointFactory(name="杉城镇儿童关爱服务站", division=taining, latitude=26.89)
    search_service.rebuild()
    clusters.reset_index()
    yield
    clusters.reset_index()


@given(params=st.dictionaries(st.sampled_from(MAP_PARAMETERS), hostile_text, min_size=1))
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_map_page_survives_hostile_parameters(client, network, prefix, params):
    response = client.get(f"{prefix}/map/" + query_string(params))
    assert response.status_code in (200, 400)
    page = response.content.decode()
    for name, value in params.items():
        # The search box shows the query back; the other inputs are hidden or choices.
        assert_not_reflected_raw(page, value, echoed=(name == "q" and len(value) <= 100))


@given(params=st.dictionaries(st.sampled_from(API_PARAMETERS), hostile_text, min_size=1))
def test_search_api_survives_hostile_parameters(client, network, params):
    response = client.get("/api/v1/search/" + query_string(params))
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["error"]["field"] in [*API_PARAMETERS, None]
        assert body["error"]["message"]
    else:
        assert isinstance(body["results"], list)


@given(params=st.dictionaries(st.sampled_from(POINT_PARAMETERS), hostile_text, min_size=1))
def test_service_point_api_survives_hostile_parameters(client, network, params):
    response = client.get("/api/v1/service-points/" + query_string(params))
    assert response.status_code in (200, 400, 404)
    body = response.json()
    assert "error" in body if response.status_code >= 400 else "results" in body


@given(bbox=hostile_text, zoom=hostile_text)
def test_cluster_api_survives_hostile_parameters(client, network, bbox, zoom):
    response = client.get("/api/v1/map/clusters/" + query_string({"bbox": bbox, "zoom": zoom}))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]["field"] in ("bbox", "zoom")
