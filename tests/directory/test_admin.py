from html.parser import HTMLParser

import prcoords
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Organization, ServicePoint
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ServicePointFactory,
)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)  # tests/conftest.py gives the admin TOTP, as staff must have
    return client


def point_form(division, **overrides):
    data = {
        "name": "泰宁县未成年人救助保护中心",
        "name_en": "",
        "level": "county",
        "division": division.pk,
        "address": "泰宁县杉城镇",
        "latitude": 26.9,
        "longitude": 117.17,
        "datum": "wgs84",
        "location_precision": "exact",
        "service_phone": "0598-7833333",
        "accessibility_notes": "",
        "responsible_organization": "",
        "last_verified": "",
        "is_public": "on",
        "external_id": "",
        "opening_periods": inline_formset([]),
        "closures": inline_formset([]),
        "sessions": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_the_point_list_filters_and_searches(staff_client):
    ServicePointFactory(name="泰宁县儿童关爱服务站")
    ServicePointFactory(name="建宁县儿童关爱服务站")
    url = reverse("wagtailsnippets_directory_servicepoint:list")
    response = staff_client.get(url, {"q": "泰宁"})
    assert response.status_code == 200
    assert "泰宁县儿童关爱服务站" in response.text and "建宁县儿童关爱服务站" not in response.text
    assert staff_client.get(url, {"level": "county"}).status_code == 200


def test_the_point_form_has_a_map_served_from_our_own_static_files(staff_client):
    response = staff_client.get(reverse("wagtailsnippets_directory_servicepoint:add"))
    assert response.status_code == 200
    assert "/static/leaflet/leaflet.js" in response.text
    assert "/static/directory/point-map.js" in response.text
    assert "data-point-map" in response.text
    assert "tile.openstreetmap.org" in response.text  # settings.MAP_TILE_URL
    # Every script and stylesheet comes from our own origin; a substring test for "cdn" failed
    # whenever a random CSRF token happened to contain those letters.
    assert not [
        url for url in _asset_urls(response.text) if url.startswith(("http:", "https:", "//"))
    ]


def _asset_urls(html: str) -> list[str]:
    class Assets(HTMLParser):
        def __init__(self):
            super().__init__()
            self.urls = []

        def handle_starttag(self, tag, attrs):
            wanted = {"script": "src", "link": "href"}.get(tag)
            self.urls += [value for name, value in attrs if name == wanted and value]

    parser = Assets()
    parser.feed(html)
    assert parser.urls, "the page loads no scripts or stylesheets at all"
    return parser.urls


def test_saving_an_amap_point_stores_it_in_wgs84(staff_client):
    county = DivisionFactory(code="350429", name="泰宁县")
    shown = prcoords.wgs_gcj(prcoords.Coords(26.9, 117.17))
    response = staff_client.post(
        reverse("wagtailsnippets_directory_servicepoint:add"),
        point_form(county, latitude=shown.lat, longitude=shown.lon, datum="gcj02"),
    )
    assert response.status_code == 302, response.context["form"].errors
    point = ServicePoint.objects.get()
    assert (point.latitude, point.longitude) == pytest.approx((26.9, 117.17), abs=2e-6)


def test_a_point_outside_fujian_is_refused_with_the_field_named(staff_client):
    county = DivisionFactory(code="350429")
    response = staff_client.post(
        reverse("wagtailsnippets_directory_servicepoint:add"),
        point_form(county, latitude=39.9, longitude=116.4),
    )
    assert response.status_code == 200
    assert "纬度 39.9 不在福建省范围内" in str(response.context["form"].errors["latitude"])
    assert not ServicePoint.objects.exists()


def test_opening_hours_are_edited_inline(staff_client):
    county = DivisionFactory(code="350429")
    data = point_form(
        county,
        opening_periods=inline_formset(
            [{"weekday": 0, "opens": "08:30", "closes": "17:30"}], initial=0
        ),
    )
    response = staff_client.post(reverse("wagtailsnippets_directory_servicepoint:add"), data)
    assert response.status_code == 302
    assert ServicePoint.objects.get().opening_periods.count() == 1


def test_an_organisation_with_a_wrong_check_character_is_refused(staff_client):
    data = {
        "name": "某社工中心",
        "name_en": "",
        "uscc": "91110000600037341A",
        "kind": "social_work_agency",
        "rating": "",
        "contact_channel": "",
        "description": "",
        "is_public": "on",
        "external_id": "",
    }
    response = staff_client.post(reverse("wagtailsnippets_directory_organization:add"), data)
    assert response.status_code == 200
    assert "校验码不符" in str(response.context["form"].errors["uscc"])
    data["uscc"] = "91110000600037341l"
    response = staff_client.post(reverse("wagtailsnippets_directory_organization:add"), data)
    assert response.status_code == 302
    assert Organization.objects.get().uscc == "91110000600037341L"


def test_every_directory_list_opens(staff_client):
    OrganizationFactory()
    for model in ("servicepoint", "organization", "project", "plaque"):
        response = staff_client.get(reverse(f"wagtailsnippets_directory_{model}:list"))
        assert response.status_code == 200, model


def test_the_address_search_resolves_against_our_divisions_offline(staff_client):
    city = DivisionFactory(code="350400", name="三明市", level="city", latitude=26.26)
    county = DivisionFactory(code="350429", name="泰宁县", parent=city, latitude=26.9)
    DivisionFactory(
        code="350429100", name="杉城镇", level="township", parent=county, latitude=26.89
    )
    DivisionFactory(code="350430", name="建宁县", parent=city)
    url = reverse("directory_admin:places")
    results = staff_client.get(url, {"q": "福建省三明市泰宁县杉城镇胜利街1号"}).json()["results"]
    assert results[0]["path"] == "三明市泰宁县杉城镇"
    assert results[0]["latitude"] == 26.89
    assert [r["name"] for r in staff_client.get(url, {"q": "泰宁"}).json()["results"]] == ["泰宁县"]
    assert staff_client.get(url, {"q": ""}).json()["results"] == []


def test_the_address_search_is_for_staff_only(client, db):
    response = client.get(reverse("directory_admin:places"), {"q": "泰宁"})
    assert response.status_code == 302


IMPORT_CSV = (
    "external_id,name,level,division_code,latitude,longitude\n"
    "tn-1,泰宁县未成年人救助保护中心,county,350429,26.9,117.17\n"
)


def upload(client, text, dry_run):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile("points.csv", text.encode("utf-8-sig"))}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("directory_admin:import"), data)


def test_staff_import_a_file_from_the_admin_after_a_dry_run(staff_client):
    DivisionFactory(code="350429")
    assert staff_client.get(reverse("directory_admin:import")).status_code == 200
    response = upload(staff_client, IMPORT_CSV, dry_run=True)
    assert "全部 1 行有效" in response.text
    assert not ServicePoint.objects.exists()
    upload(staff_client, IMPORT_CSV, dry_run=False)
    assert ServicePoint.objects.get().external_id == "tn-1"


def test_the_admin_import_shows_the_problems_and_writes_nothing(staff_client):
    DivisionFactory(code="350429")
    response = upload(staff_client, IMPORT_CSV.replace("26.9", "north"), dry_run=False)
    assert "&#x27;north&#x27; is not a number" in response.text
    assert not ServicePoint.objects.exists()
    response = upload(staff_client, "name\nx\n", dry_run=False)
    assert "missing column(s)" in response.text


def test_the_admin_import_needs_permission_to_edit_points(client, db):
    user = get_user_model().objects.create_user("reader", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("directory_admin:import")).status_code in (302, 403)
