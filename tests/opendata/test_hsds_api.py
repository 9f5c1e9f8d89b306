"""The HSDS 3.0 API (/api/hsds/) checked with the Open Referral specification's own schemas
(tests/opendata/standards/hsds-3.0/, CC BY-SA 4.0): list items against the compiled list
schemas, single records against the per-table schemas (which nest one another by ``$ref``)."""

import datetime
import json
from datetime import UTC, timedelta
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from directory.models import OpeningPeriod, ServicePoint
from opendata import hsds
from tests.opendata.conftest import SECRET_STRINGS

HSDS = "/api/hsds"
STANDARDS = Path(__file__).parent / "standards" / "hsds-3.0"


@cache
def registry() -> Registry:
    resources = [
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in (STANDARDS / "schema").glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    path = STANDARDS / name
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors_of(record: dict, name: str) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(record)
    ]


def get(client, path: str, **params) -> dict:
    response = client.get(f"{HSDS}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def every_item(client, path: str, **params) -> list[dict]:
    items, page = [], 1
    while True:
        body = get(client, path, page=page, per_page=2, **params)
        items.extend(body["contents"])
        if body["last_page"]:
            return items
        page += 1


@pytest.fixture
def hours(network):
    OpeningPeriod.objects.create(
        service_point=network.station,
        weekday=0,
        opens=datetime.time(8, 30),
        closes=datetime.time(17, 30),
    )
    return network


LISTS = [
    ("/services", "service_list.json", "service.json"),
    ("/service_at_locations", "service_at_location_list.json", "service_at_location.json"),
    ("/organizations", "organization_list.json", "organization.json"),
    ("/taxonomies", "schema/taxonomy.json", "taxonomy.json"),
    ("/taxonomy_terms", "schema/taxonomy_term.json", "taxonomy_term.json"),
]


@pytest.mark.parametrize(("path", "list_schema", "detail_schema"), LISTS)
def test_every_item_and_record_validates_against_the_official_schemas(
    client, hours, path, list_schema, detail_schema
):
    items = every_item(client, path)
    assert items
    for item in items:
        assert errors_of(item, list_schema) == [], item
        record = get(client, f"{path}/{item['id']}")
        assert errors_of(record, f"schema/{detail_schema}") == [], record
        assert record["id"] == item["id"]


def test_api_metadata_names_its_version_profile_and_openapi_file(client, db, settings):
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    body = get(client, "/")
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "https://fulei.example.cn/api/schema/"


def test_services_are_the_public_points_then_the_public_projects(client, network):
    body = get(client, "/services")
    names = [s["name"] for s in body["contents"]]
    # Six public points (the hidden one left out), then the one public project.
    assert len(names) == 7
    assert names[-1] == network.project.title
    assert "隐藏站点" not in names and network.hidden_org_project.title not in names
    station = next(s for s in body["contents"] if s["name"] == network.station.name)
    assert station == {
        **station,
        "id": hsds.uid("service_point_service", network.station.pk),
        "organization_id": hsds.uid("organization", hsds.NETWORK_ORGANIZATION),
        "status": "active",
    }


def test_the_api_and_the_download_build_the_same_records(client, hours):
    download = json.loads(b"".join(client.get("/opendata/service-points.json").streaming_content))
    api = every_item(client, "/services")
    assert [s for s in api if s["id"].startswith(hsds.uid("service_point_service", 0)[:24])] == (
        download["service"]
    )


@pytest.mark.parametrize(
    ("per_page", "page", "numbers"),
    [
        (3, 1, (7, 3, 1, 3, True, False, False)),
        (3, 3, (7, 3, 3, 1, False, True, False)),
        (50, 1, (7, 1, 1, 7, True, True, False)),
    ],
)
def test_paging_shape_and_numbers(client, network, per_page, page, numbers):
    body = get(client, "/services", page=page, per_page=per_page)
    keys = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page")
    assert tuple(body[k] for k in keys) + (body["empty"],) == numbers
    assert len(body["contents"]) == body["size"]


def test_pages_together_list_every_service_once(client, network):
    ids = [s["id"] for s in every_item(client, "/services")]
    assert len(ids) == len(set(ids)) == get(client, "/services")["total_items"]


def test_an_empty_result_is_one_empty_page(client, network):
    body = get(client, "/services", search="没有这个名字")
    assert body["total_items"] == 0 and body["empty"] is True and body["contents"] == []
    assert body["total_pages"] == 1 and body["first_page"] and body["last_page"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "501"}, "per_page"),
        ({"modified_after": "2026-01-31"}, "modified_after"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ({"taxonomy_term_id": "00000000-0000-0000-0000-000000000000"}, "taxonomy_term_id"),
        ({"taxonomy_id": "00000000-0000-0000-0000-000000000000"}, "taxonomy_id"),
        ({"organization_id": "00000000-0000-0000-0000-000000000000"}, "organization_id"),
        ({"format": "xml"}, "format"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, network, query, field):
    response = client.get(f"{HSDS}/services", query)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_a_page_past_the_end_is_a_404_naming_page(client, network):
    response = client.get(f"{HSDS}/services", {"page": 9})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "page"


def test_modified_after_is_on_or_after_with_an_offset_or_in_utc(client, network):
    network.station.refresh_from_db()
    changed = network.station.updated_at.astimezone(UTC)
    ServicePoint.objects.filter(pk=network.station.pk).update(updated_at=changed)

    def names(value):
        body = get(client, "/services", modified_after=value)
        return {s["name"] for s in body["contents"]}

    # The project was saved after the station: it is always on or after.
    exact = changed.replace(tzinfo=None).isoformat()  # no offset: UTC
    assert network.station.name in names(exact)
    beijing = changed.astimezone(datetime.timezone(timedelta(hours=8))).isoformat()
    assert network.station.name in names(beijing)
    later = (changed + timedelta(microseconds=1)).isoformat()
    assert network.station.name not in names(later)
    # Read as Beijing time, the naive value would be 8 hours earlier and let old points in.
    assert network.city_point.name not in names(exact)


def test_an_unchanged_list_or_record_answers_304(client, network):
    for path in ("/services", f"/services/{hsds.uid('project', network.project.pk)}"):
        first = client.get(f"{HSDS}{path}")
        assert first.status_code == 200 and first["ETag"]
        again = client.get(f"{HSDS}{path}", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
    first = client.get(f"{HSDS}/services")
    network.far_station.name = "改名儿童关爱服务站"
    network.far_station.save()
    changed = client.get(f"{HSDS}/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_taxonomy_filters_select_services(client, network):
    care = hsds.uid("taxonomy_term", "care_network")
    body = get(client, "/services", taxonomy_term_id=care)
    assert [s["name"] for s in body["contents"]] == [network.station.name]
    holiday = hsds.uid("taxonomy_term", network.project.category)
    body = get(client, "/services", taxonomy_term_id=holiday)
    assert network.project.title in [s["name"] for s in body["contents"]]
    precision = hsds.uid("taxonomy", hsds.PRECISION_TAXONOMY)
    body = get(client, "/services", taxonomy_id=precision)
    assert {s["name"] for s in body["contents"]} == {network.private_home.name}


def test_organization_filter_separates_the_network_from_an_organisation(client, network):
    own = hsds.uid("organization", network.organization.pk)
    body = get(client, "/services", organization_id=own)
    assert [s["name"] for s in body["contents"]] == [network.project.title]
    network_id = hsds.uid("organization", hsds.NETWORK_ORGANIZATION)
    assert get(client, "/services", organization_id=network_id)["total_items"] == 6


def test_service_at_locations_list_points_and_the_projects_public_places(client, network):
    items = every_item(client, "/service_at_locations")
    project_id = hsds.uid("project", network.project.pk)
    at = {i["location"]["name"] for i in items if i["service_id"] == project_id}
    # The project runs at the station, the hidden point and the private home.
    assert at == {network.station.name, network.private_home.name}
    assert len(items) == 6 + 2


def test_nothing_non_public_appears_anywhere(client, network):
    text = "".join(json.dumps(every_item(client, path), ensure_ascii=False) for path, *_ in LISTS)
    for secret in [*SECRET_STRINGS, "隐藏站点机构", network.hidden_org_project.title]:
        assert secret not in text


def test_hidden_records_and_unknown_ids_are_json_404s(client, network):
    # A removed point keeps its id, but is no longer public.
    network.far_station.is_public = False
    network.far_station.save()
    hidden, removed = network.hidden_point.pk, network.far_station.pk
    for path in (
        f"/services/{hsds.uid('service_point_service', hidden)}",
        f"/services/{hsds.uid('service_point_service', removed)}",
        f"/service_at_locations/{hsds.uid('service_point_service_at_location', hidden)}",
        f"/service_at_locations/{hsds.project_service_at_location_id(network.project.pk, hidden)}",
        f"/services/{hsds.uid('project', network.hidden_org_project.pk)}",
        f"/organizations/{hsds.uid('organization', network.hidden_organization.pk)}",
        "/services/00000000-0000-0000-0000-000000000000",
        "/services/not-an-id",
        "/taxonomies/00000000-0000-0000-0000-000000000000",
        "/taxonomy_terms/nope",
    ):
        response = client.get(f"{HSDS}{path}")
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_an_unverified_organisation_is_not_listed(client, network):
    network.organization.verification_status = "pending"
    network.organization.save()
    names = {o["name"] for o in every_item(client, "/organizations")}
    assert network.organization.name not in names
    assert get(client, "/services")["total_items"] == 6  # its project went with it


def test_a_service_point_service_is_fully_nested(client, hours):
    station = hours.station
    record = get(client, f"/services/{hsds.uid('service_point_service', station.pk)}")
    assert record["organization"]["name"]
    assert record["phones"][0]["number"] == "0598-12345678"
    assert record["schedules"][0]["byday"] == "MO"
    assert record["service_at_locations"][0]["location"]["name"] == station.name
    assert {a["value"] for a in record["attributes"]} == {"holiday_care", "care_network"}


def test_an_approximate_location_says_so(client, network):
    sal_id = hsds.uid("service_point_service_at_location", network.private_home.pk)
    sal = get(client, f"/service_at_locations/{sal_id}")
    assert sal["location"]["location_approximate"] is True
    assert [a["value"] for a in sal["location"]["attributes"]] == ["township-centre"]


def test_ndjson_streams_every_record_without_paging(client, network):
    response = client.get(f"{HSDS}/services", {"format": "ndjson", "per_page": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 7
    assert all(errors_of(json.loads(line), "service_list.json") == [] for line in lines)


def test_terms_filter_by_taxonomy_and_search(client, db):
    precision = hsds.uid("taxonomy", hsds.PRECISION_TAXONOMY)
    body = get(client, "/taxonomy_terms", taxonomy_id=precision)
    assert {t["code"] for t in body["contents"]} == {"township-centre", "division-seat"}
    assert get(client, "/taxonomy_terms", top_only="true")["total_items"] == 12
    term = hsds.uid("taxonomy_term", "holiday_care")
    assert get(client, "/taxonomy_terms", parent_id=term)["total_items"] == 0


def test_the_hsds_operations_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/hsds/",
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/service_at_locations",
        "/api/hsds/service_at_locations/{id}",
        "/api/hsds/organizations",
        "/api/hsds/organizations/{id}",
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomies/{id}",
        "/api/hsds/taxonomy_terms",
        "/api/hsds/taxonomy_terms/{id}",
    ):
        assert "get" in paths[path], path
    services = {p["name"] for p in paths["/api/hsds/services"]["get"]["parameters"]}
    assert services >= {
        "page",
        "per_page",
        "search",
        "format",
        "modified_after",
        "taxonomy_id",
        "taxonomy_term_id",
        "organization_id",
    }


def test_a_recent_change_is_listed_by_modified_after_only_after_it(client, network):
    since = timezone.now() - timedelta(days=1)
    body = get(client, "/service_at_locations", modified_after=since.isoformat())
    # The station changed today; the project (saved today) runs at two public points.
    assert {i["location"]["name"] for i in body["contents"]} == {
        network.station.name,
        network.private_home.name,
    }
