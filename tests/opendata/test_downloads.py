import csv
import datetime
import io
import json
import uuid

import pytest

from directory.models import OpeningPeriod, ServicePoint
from opendata.hsds import uid
from tests.opendata.conftest import SECRET_STRINGS

FUJIAN = {"west": 115.8, "south": 23.4, "east": 120.8, "north": 28.4}


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def read_csv(client, dataset: str) -> list[dict]:
    raw = body(client.get(f"/opendata/{dataset}.csv"))
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must start with the UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_service_points_csv_opens_as_utf8_with_bom_and_has_public_rows(client, network):
    response = client.get("/opendata/service-points.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fulei-service-points.csv"'
    assert response.streaming
    rows = read_csv(client, "service-points")
    by_name = {r["name"]: r for r in rows}
    assert len(rows) == 6 and "隐藏站点" not in by_name
    station = by_name["测试镇儿童关爱服务站"]
    assert station["categories"] == "care_network;holiday_care"
    assert station["is_demo"] == "false" and station["address"] == "测试镇中心街8号"
    assert by_name["演示儿童之家（演示）"]["is_demo"] == "true"
    home = by_name["测试村儿童之家"]
    assert (home["latitude"], home["longitude"], home["address"]) == ("26.5", "117.5", "")


@pytest.mark.parametrize("dataset", ["service-points", "organizations", "projects", "divisions"])
def test_every_csv_has_a_bom_a_header_and_the_demo_flag(client, network, dataset):
    rows = read_csv(client, dataset)
    assert rows
    if dataset != "divisions":  # divisions are the real NBS list: no demo records exist
        assert "is_demo" in rows[0]


def test_organizations_and_projects_csv_leave_hidden_records_out(client, network):
    organizations = read_csv(client, "organizations")
    assert [o["name"] for o in organizations] == ["测试社工中心"]
    assert organizations[0]["uscc"] == network.organization.uscc
    assert organizations[0]["service_area"] == "351121"
    projects = read_csv(client, "projects")
    assert [p["title"] for p in projects] == [network.project.title]
    points = projects[0]["service_points"].split(";")
    assert str(network.hidden_point.pk) not in points
    assert sorted(points) == sorted([str(network.station.pk), str(network.private_home.pk)])


@pytest.mark.parametrize("dataset", ["service-points", "divisions"])
def test_geojson_is_a_feature_collection_of_points_in_fujian_lon_lat(client, network, dataset):
    response = client.get(f"/opendata/{dataset}.geojson")
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(body(response))
    assert document["type"] == "FeatureCollection"
    assert document["features"]
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        # Longitude first (RFC 7946): in Fujian longitudes are ~116-120, latitudes ~23-28.
        assert FUJIAN["west"] <= lon <= FUJIAN["east"], feature
        assert FUJIAN["south"] <= lat <= FUJIAN["north"], feature
        assert "latitude" not in feature["properties"]
    if dataset == "service-points":
        home = next(f for f in document["features"] if f["id"] == network.private_home.pk)
        assert home["geometry"]["coordinates"] == [117.5, 26.5]
        assert {f["properties"]["is_demo"] for f in document["features"]} == {True, False}


def test_datasets_without_a_location_have_no_geojson(client, network):
    assert client.get("/opendata/organizations.geojson").status_code == 404
    assert client.get("/opendata/nothing.csv").status_code == 404


def terms_by_id(document: dict) -> dict:
    return {t["id"]: t["code"] for t in document["taxonomy_term"]}


def test_service_points_json_has_the_hsds_tables_and_links(client, network):
    response = client.get("/opendata/service-points.json")
    assert response["Content-Type"] == "application/json"
    document = json.loads(body(response))
    assert document["hsds_version"] == "3.0"
    for table in ("organization", "service", "location", "service_at_location"):
        assert document[table], table
        for record in document[table]:
            uuid.UUID(record["id"])  # HSDS 3.0 identifiers are UUIDs
    assert len(document["service"]) == len(document["location"]) == 6
    services = {s["id"] for s in document["service"]}
    locations = {loc["id"]: loc for loc in document["location"]}
    organizations = {o["id"] for o in document["organization"]}
    assert all(s["organization_id"] in organizations and s["status"] for s in document["service"])
    for link in document["service_at_location"]:
        assert link["service_id"] in services and link["location_id"] in locations
    home = locations[uid("service_point_location", network.private_home.pk)]
    assert (home["latitude"], home["longitude"]) == (26.5, 117.5)
    assert home["location_type"] == "physical"
    # No postal codes in the directory, and HSDS requires one: the address is in the description.
    assert "address" not in document
    assert (
        "测试镇中心街8号"
        in locations[uid("service_point_location", network.station.pk)]["description"]
    )
    # The private home's position is its township's centre, and the location says so.
    assert home["location_approximate"] is True
    assert "乡镇中心" in home["description"] and "秘密" not in home["description"]
    precision = {
        a["link_id"]: terms_by_id(document)[a["taxonomy_term_id"]]
        for a in document["attribute"]
        if a["link_entity"] == "location"
    }
    assert precision == {home["id"]: "township-centre"}
    assert {p["number"] for p in document["phone"]} == {"0598-12345678"}
    terms = {t["id"]: t["code"] for t in document["taxonomy_term"]}
    station_service = uid("service_point_service", network.station.pk)
    assert sorted(
        terms[a["taxonomy_term_id"]]
        for a in document["attribute"]
        if a["link_id"] == station_service
    ) == ["care_network", "holiday_care"]
    assert any(s["is_demo"] for s in document["service"])


def test_projects_json_links_to_the_same_locations_as_service_points_json(client, network):
    projects = json.loads(body(client.get("/opendata/projects.json")))
    points = json.loads(body(client.get("/opendata/service-points.json")))
    locations = {loc["id"] for loc in points["location"]}
    linked = {link["location_id"] for link in projects["service_at_location"]}
    assert linked and linked <= locations
    assert uid("service_point_location", network.hidden_point.pk) not in linked
    assert [s["name"] for s in projects["service"]] == [network.project.title]
    assert projects["service"][0]["organization_id"] == projects["organization"][0]["id"]


def test_organizations_json_carries_the_uscc_as_an_identifier(client, network):
    document = json.loads(body(client.get("/opendata/organizations.json")))
    assert [o["name"] for o in document["organization"]] == [
        "福建省福蕾行动计划服务网络",
        "测试社工中心",
    ]
    assert document["organization_identifier"][0]["identifier"] == network.organization.uscc


def test_every_service_names_an_organisation_of_organizations_json(client, network):
    organizations = json.loads(body(client.get("/opendata/organizations.json")))
    known = {o["id"] for o in organizations["organization"]}
    for dataset in ("service-points", "projects"):
        services = json.loads(body(client.get(f"/opendata/{dataset}.json")))["service"]
        assert services and {s["organization_id"] for s in services} <= known, dataset


def test_downloads_answer_304_until_the_data_changes(client, network):
    first = client.get("/opendata/service-points.csv")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert (
        client.get("/opendata/service-points.csv", headers={"if-none-match": etag}).status_code
        == 304
    )
    ServicePoint.objects.filter(pk=network.far_station.pk).update(is_public=False)
    assert (
        client.get("/opendata/service-points.csv", headers={"if-none-match": etag}).status_code
        == 200
    )


def test_files_are_the_same_in_every_language(client, network):
    chinese = body(client.get("/opendata/service-points.json"))
    english = body(client.get("/opendata/service-points.json", headers={"accept-language": "en"}))
    assert chinese == english


@pytest.mark.parametrize(
    "path",
    [
        f"/opendata/{dataset}.{fmt}"
        for dataset, formats in {
            "service-points": ["csv", "geojson", "json"],
            "organizations": ["csv", "json"],
            "projects": ["csv", "json"],
            "divisions": ["csv", "geojson", "json"],
        }.items()
        for fmt in formats
    ],
)
def test_no_secret_in_any_download(client, network, path):
    text = body(client.get(path)).decode("utf-8")
    for secret in SECRET_STRINGS:
        assert secret not in text, secret


def test_opening_hours_reach_the_csv_and_the_hsds_schedule(client, network):
    point = network.county_point
    OpeningPeriod.objects.create(
        service_point=point, weekday=0, opens=datetime.time(8, 30), closes=datetime.time(17, 30)
    )
    OpeningPeriod.objects.create(
        service_point=point, weekday=1, opens=datetime.time(8, 30), closes=datetime.time(17, 30)
    )

    rows = read_csv(client, "service-points")
    row = next(r for r in rows if r["id"] == str(point.pk))
    assert row["opening_hours"] == "周一、周二 8:30–17:30"
    assert next(r for r in rows if r["id"] == str(network.city_point.pk))["opening_hours"] == ""

    document = json.loads(body(client.get("/opendata/service-points.json")))
    service_id = next(s["id"] for s in document["service"] if s["name"] == point.name)
    schedules = [s for s in document["schedule"] if s["service_id"] == service_id]
    assert sorted((s["byday"], s["opens_at"], s["closes_at"]) for s in schedules) == [
        ("MO", "08:30+08:00", "17:30+08:00"),
        ("TU", "08:30+08:00", "17:30+08:00"),
    ]
    # A weekly rule starts on a day it names.
    for schedule in schedules:
        start = datetime.date.fromisoformat(schedule["dtstart"])
        assert start.weekday() == ["MO", "TU"].index(schedule["byday"])
    assert {s["timezone"] for s in schedules} == {8}
    assert {s["freq"] for s in schedules} == {"WEEKLY"}
