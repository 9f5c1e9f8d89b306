from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from geopy.distance import geodesic

from directory.models import ServicePoint
from tests.factories.directory import ServicePointFactory
from tests.opendata.conftest import SECRET_STRINGS

API = "/api/v1"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r.get("name") or r.get("title") for r in response.json()["results"]]


def test_service_points_list_only_public_points_with_public_fields(client, network):
    body = client.get(f"{API}/service-points/").json()
    listed = {r["name"] for r in body["results"]}
    assert body["count"] == 6
    assert "隐藏站点" not in listed
    station = next(r for r in body["results"] if r["id"] == network.station.pk)
    assert station["division"] == {
        "code": "351121101",
        "name": "测试镇",
        "name_en": "Test0 Town",
    } or (station["division"]["code"] == "351121101")
    assert station["categories"] == ["care_network", "holiday_care"]
    assert station["service_phone"] == "0598-12345678"
    assert station["is_demo"] is False
    demo = next(r for r in body["results"] if r["id"] == network.demo_point.pk)
    assert demo["is_demo"] is True


def test_township_precision_point_carries_the_township_centre_and_no_address(client, network):
    home = client.get(f"{API}/service-points/{network.private_home.pk}/").json()
    assert (home["latitude"], home["longitude"]) == (26.5, 117.5)
    assert home["address"] == ""
    assert home["location_precision"] == "township"


def test_hidden_point_detail_is_a_json_404(client, network):
    response = client.get(f"{API}/service-points/{network.hidden_point.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=county", {"测试县未成年人救助保护中心"}),
        ("level=village", {"演示儿童之家（演示）", "测试村儿童之家"}),
        ("division=351122", {"远方儿童关爱服务站"}),
        ("division=351121101", {"测试镇儿童关爱服务站", "演示儿童之家（演示）", "测试村儿童之家"}),
        ("category=holiday_care", {"测试镇儿童关爱服务站"}),
        ("q=关爱", {"测试镇儿童关爱服务站", "远方儿童关爱服务站"}),
        ("q=ceshi care", {"测试镇儿童关爱服务站"}),
        ("bbox=118.5,27,119,27.5", {"远方儿童关爱服务站"}),
    ],
)
def test_service_point_filters(client, network, query, expected):
    assert set(names(client.get(f"{API}/service-points/?{query}"))) == expected


def test_city_code_with_zero_padding_selects_the_whole_city(client, network):
    assert len(names(client.get(f"{API}/service-points/?division=351100"))) == 6


def test_modified_after_returns_only_recent_changes(client, network):
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    response = client.get(f"{API}/service-points/", {"modified_after": yesterday})
    assert names(response) == ["测试镇儿童关爱服务站"]


def test_modified_after_is_on_or_after_and_utc_without_an_offset(client, network):
    network.station.refresh_from_db()
    changed = network.station.updated_at.astimezone(UTC)
    exact = changed.isoformat()
    # On or after: the very instant of the change selects the record (HSDS's meaning).
    assert names(client.get(f"{API}/service-points/", {"modified_after": exact})) == [
        "测试镇儿童关爱服务站"
    ]
    # Without an offset the time is UTC: one second after the change (read as UTC) excludes it,
    # where reading it as Beijing time would have been eight hours earlier and included it.
    naive = (changed + timedelta(seconds=1)).replace(tzinfo=None).isoformat()
    assert names(client.get(f"{API}/service-points/", {"modified_after": naive})) == []
    beijing = (changed - timedelta(seconds=1)).astimezone(timezone.get_fixed_timezone(480))
    assert names(client.get(f"{API}/service-points/", {"modified_after": beijing.isoformat()})) == [
        "测试镇儿童关爱服务站"
    ]


@pytest.mark.parametrize("path", ["service-points", "organizations", "projects", "divisions"])
def test_modified_after_applies_to_every_list(client, network, path):
    everything = client.get(f"{API}/{path}/").json()["count"]
    assert everything > 0
    past = (timezone.now() - timedelta(days=365)).isoformat()
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert client.get(f"{API}/{path}/", {"modified_after": past}).json()["count"] == everything
    assert client.get(f"{API}/{path}/", {"modified_after": future}).json()["count"] == 0


@pytest.mark.parametrize("path", ["service-points", "organizations", "projects", "divisions"])
def test_every_list_answers_304_when_unchanged(client, network, path):
    first = client.get(f"{API}/{path}/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(f"{API}/{path}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get(f"{API}/{path}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )


def test_bbox_matches_the_public_location_not_the_secret_one(client, network):
    # A box around the private home's real place finds nothing: the point lives at the township.
    around_real = "117.24,26.71,117.25,26.72"
    assert names(client.get(f"{API}/service-points/?bbox={around_real}")) == []
    around_public = "117.49,26.49,117.501,26.501"
    assert names(client.get(f"{API}/service-points/?bbox={around_public}")) == ["测试村儿童之家"]


def test_near_sorts_by_distance_and_gives_metres(client, network):
    response = client.get(f"{API}/service-points/?near=26.5,117.5&radius_km=5")
    results = response.json()["results"]
    assert [r["name"] for r in results] == [
        "测试村儿童之家",
        "测试镇儿童关爱服务站",
        "演示儿童之家（演示）",
    ]
    distances = [r["distance_m"] for r in results]
    assert distances == sorted(distances)
    assert results[0]["distance_m"] == 0
    expected = geodesic((26.5, 117.5), (26.51, 117.51)).meters
    assert results[1]["distance_m"] == pytest.approx(expected, abs=0.1)


def test_near_without_radius_uses_ten_kilometres(client, network):
    assert "远方儿童关爱服务站" not in names(client.get(f"{API}/service-points/?near=26.5,117.5"))
    assert names(client.get(f"{API}/service-points/?near=27.3,118.9")) == ["远方儿童关爱服务站"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("service-points", "level=province", "level"),
        ("service-points", "division=35x4", "division"),
        ("service-points", "division=4400", "division"),
        ("service-points", "category=cooking", "category"),
        ("service-points", "modified_after=yesterday", "modified_after"),
        ("service-points", "modified_after=2026-13-45", "modified_after"),
        # A bare date is not a date-time (the HSDS schema's type).
        ("service-points", "modified_after=2026-01-31", "modified_after"),
        ("divisions", "modified_after=2026-01-31", "modified_after"),
        ("divisions", "modified_after=soon", "modified_after"),
        ("service-points", "bbox=1,2,3", "bbox"),
        ("service-points", "bbox=a,b,c,d", "bbox"),
        ("service-points", "bbox=119,26,118,27", "bbox"),
        ("service-points", "bbox=117,26,118,nan", "bbox"),
        ("service-points", "near=26.5", "near"),
        ("service-points", "near=95,117", "near"),
        ("service-points", "near=26.5,117.5&radius_km=-1", "radius_km"),
        ("service-points", "near=26.5,117.5&radius_km=5000", "radius_km"),
        ("service-points", "near=26.5,117.5&radius_km=far", "radius_km"),
        ("service-points", "radius_km=5", "radius_km"),
        ("service-points", "q=" + "长" * 101, "q"),
        ("organizations", "kind=club", "kind"),
        ("organizations", "rating=6A", "rating"),
        ("organizations", "division=x", "division"),
        ("organizations", "modified_after=soon", "modified_after"),
        ("projects", "category=cooking", "category"),
        ("projects", "organization=abc", "organization"),
        # Beyond a 64-bit id: SQLite cannot even bind it (was a 500; schemathesis found it).
        ("projects", "organization=135773706050658549760", "organization"),
        # Not a code, however long: checked before it reaches a LIKE (was a 500 on SQLite).
        ("service-points", "division=" + "A" * 60000, "division"),
        ("service-points", "division=３５０４", "division"),
        ("projects", "modified_after=2026-02-30", "modified_after"),
        ("divisions", "level=village", "level"),
        ("divisions", "division=99", "division"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, network, path, query, field):
    response = client.get(f"{API}/{path}/?{query}")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field
    assert error["code"] and error["message"]


@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_page_out_of_range_is_a_json_404(client, network, page):
    response = client.get(f"{API}/service-points/?page={page}")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": response.json()["error"]["message"],
        "field": "page",
    }


def test_near_page_out_of_range_is_a_json_404(client, network):
    response = client.get(f"{API}/service-points/?near=26.5,117.5&page=5")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "page"


def test_pagination_pages_through_everything(client, network):
    first = client.get(f"{API}/service-points/?page_size=4").json()
    second = client.get(f"{API}/service-points/?page_size=4&page=2").json()
    assert first["count"] == 6 and len(first["results"]) == 4 and len(second["results"]) == 2
    assert first["next"] and second["previous"]


def test_etag_and_last_modified_give_304_until_something_changes(client, network):
    url = f"{API}/service-points/?level=township"
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    # Another page or filter is another representation.
    assert client.get(f"{API}/service-points/", headers={"if-none-match": etag}).status_code == 200

    ServicePoint.objects.filter(pk=network.station.pk).update(
        updated_at=timezone.now() + timedelta(seconds=5)
    )
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    # A point removed from the set changes the count, hence the ETag, even with older dates.
    etag = changed["ETag"]
    ServicePoint.objects.filter(pk=network.far_station.pk).update(is_public=False)
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_detail_and_divisions_have_etags_too(client, network):
    detail = client.get(f"{API}/service-points/{network.station.pk}/")
    assert (
        client.get(
            detail.wsgi_request.get_full_path(), headers={"if-none-match": detail["ETag"]}
        ).status_code
        == 304
    )
    divisions = client.get(f"{API}/divisions/")
    assert (
        client.get(f"{API}/divisions/", headers={"if-none-match": divisions["ETag"]}).status_code
        == 304
    )
    network.township.name = "改名镇"
    network.township.save()
    assert (
        client.get(f"{API}/divisions/", headers={"if-none-match": divisions["ETag"]}).status_code
        == 200
    )


def test_organizations_hide_hidden_ones_and_filter(client, network):
    assert names(client.get(f"{API}/organizations/")) == ["测试社工中心"]
    assert names(client.get(f"{API}/organizations/?division=3511")) == ["测试社工中心"]
    assert names(client.get(f"{API}/organizations/?division=351122")) == []
    assert names(client.get(f"{API}/organizations/?category=holiday_care")) == ["测试社工中心"]
    assert names(client.get(f"{API}/organizations/?category=legal_aid")) == []
    assert names(client.get(f"{API}/organizations/?kind=charity")) == []
    assert names(client.get(f"{API}/organizations/?rating=4A")) == ["测试社工中心"]
    org = client.get(f"{API}/organizations/{network.organization.pk}/").json()
    assert org["contact_channel"] == "0591-87654321"
    assert org["service_area"][0]["code"] == "351121"
    assert client.get(f"{API}/organizations/{network.hidden_organization.pk}/").status_code == 404


def test_projects_list_public_points_only_and_filter(client, network):
    body = client.get(f"{API}/projects/").json()
    assert [p["title"] for p in body["results"]] == [network.project.title]
    project = body["results"][0]
    assert set(project["service_points"]) == {network.station.pk, network.private_home.pk}
    assert project["organization"]["id"] == network.organization.pk
    assert names(client.get(f"{API}/projects/?category=holiday_care")) == [network.project.title]
    assert names(client.get(f"{API}/projects/?category=legal_aid")) == []
    assert names(client.get(f"{API}/projects/?division=351121101")) == [network.project.title]
    assert names(client.get(f"{API}/projects/?division=351122")) == []
    assert names(client.get(f"{API}/projects/?organization={network.hidden_organization.pk}")) == []
    assert client.get(f"{API}/projects/{network.hidden_org_project.pk}/").status_code == 404


def test_divisions_list_filter_and_detail(client, network):
    assert names(client.get(f"{API}/divisions/?level=township")) == ["测试镇"]
    assert names(client.get(f"{API}/divisions/?division=3511")) == [
        "测试市",
        "测试县",
        "测试镇",
        "远方县",
    ]
    county = client.get(f"{API}/divisions/351121/").json()
    assert county["parent_code"] == "351100" and county["level"] == "county"
    assert client.get(f"{API}/divisions/999999/").status_code == 404


def test_no_secret_in_any_api_response(client, network):
    paths = [
        "service-points/?page_size=500",
        "service-points/?near=26.5,117.5&radius_km=50",
        f"service-points/{network.private_home.pk}/",
        "organizations/",
        "projects/",
        f"projects/{network.project.pk}/",
    ]
    for path in paths:
        text = client.get(f"{API}/{path}").content.decode()
        for secret in SECRET_STRINGS:
            assert secret not in text, (path, secret)


def test_no_personal_contact_fields_are_published(client, network):
    point = client.get(f"{API}/service-points/{network.station.pk}/").json()
    org = client.get(f"{API}/organizations/{network.organization.pk}/").json()
    for record in (point, org):
        assert not {k for k in record if "email" in k or "mobile" in k or "person" in k}


def test_schema_documents_every_parameter(client, network):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/service-points/"]["get"]["parameters"]
    }
    assert {
        "q",
        "level",
        "division",
        "category",
        "modified_after",
        "bbox",
        "near",
        "radius_km",
        "page",
        "page_size",
        "If-None-Match",
    } <= parameters
    org_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    }
    assert {"kind", "rating", "division", "category", "modified_after"} <= org_parameters
    assert "/api/v1/divisions/{code}/" in schema["paths"]


def test_many_points_are_paginated_at_fifty(client, db):
    ServicePointFactory.create_batch(55)
    body = client.get(f"{API}/service-points/").json()
    assert body["count"] == 55 and len(body["results"]) == 50


def test_an_empty_parameter_means_no_filter_as_in_an_html_form(client, network):
    assert len(names(client.get(f"{API}/service-points/?level=&division=&q="))) == 6


def test_bulk_public_location_agrees_with_the_model_rule(network):
    from opendata.queries import public_service_points

    for point in public_service_points():
        assert (point.public_latitude, point.public_longitude) == point.public_location()


def test_near_keeps_exactly_the_points_inside_the_geodesic_circle(client, network):
    # far_station sits on its county's seat (27.3, 118.9); put the centre ~2 km north of it.
    centre = (27.318, 118.9)
    metres = geodesic(centre, (27.3, 118.9)).meters
    inside = client.get(
        f"{API}/service-points/?near={centre[0]},{centre[1]}&radius_km={metres / 1000 + 0.001}"
    )
    outside = client.get(
        f"{API}/service-points/?near={centre[0]},{centre[1]}&radius_km={metres / 1000 - 0.001}"
    )
    assert names(inside) == ["远方儿童关爱服务站"]
    assert inside.json()["results"][0]["distance_m"] == pytest.approx(metres, abs=0.1)
    assert names(outside) == []


@pytest.mark.parametrize("path", ["service-points", "divisions"])
def test_modified_after_with_an_offset_postgresql_cannot_hold_is_read_in_utc(client, network, path):
    """+18:31 is a valid Python offset but past PostgreSQL's ±15:59: schemathesis found a 500."""
    everything = client.get(f"{API}/{path}/").json()["count"]
    response = client.get(f"{API}/{path}/", {"modified_after": "2000-02-24T22:27:19+18:31"})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == everything
    future = client.get(f"{API}/{path}/", {"modified_after": "3938-02-24T22:27:19+18:31"})
    assert future.status_code == 200 and future.json()["count"] == 0


@pytest.mark.parametrize(
    "value", ["2026-13-45T00:00:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00"]
)
def test_modified_after_impossible_or_unstorable_is_400_naming_it(client, network, value):
    response = client.get(f"{API}/service-points/", {"modified_after": value})
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "modified_after"
