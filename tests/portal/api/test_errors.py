import pytest
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.test import APIRequestFactory

from apierrors import InvalidParameter


class RadiusSerializer(serializers.Serializer):
    radius_km = serializers.FloatField(min_value=0.1, max_value=500)


@api_view(["GET"])
def radius_view(request):
    if "bbox" in request.query_params:
        raise InvalidParameter("bbox", "bbox must be four numbers: west,south,east,north")
    serializer = RadiusSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return None


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"bbox": "1,2"}, "bbox", "invalid_parameter"),
        ({"radius_km": "far"}, "radius_km", "invalid"),
        ({"radius_km": "9999"}, "radius_km", "max_value"),
        ({}, "radius_km", "required"),
    ],
)
def test_api_errors_are_json_with_the_field_named(query, field, code):
    response = radius_view(APIRequestFactory().get("/api/v1/x/", query))
    assert response.status_code == 400
    assert response.data["error"]["field"] == field
    assert response.data["error"]["code"] == code
    assert response.data["error"]["message"]


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn." not in docs and "unpkg" not in docs
