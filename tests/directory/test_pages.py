import json
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import (
    Closure,
    LocationPrecision,
    OpeningPeriod,
    ServiceCategory,
    ServiceLevel,
)
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    PlaqueFactory,
    ProjectFactory,
    ServicePointFactory,
)

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def chinese():
    """reverse() follows the thread's language, which an earlier /en/ request leaves active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def tree():
    city = DivisionFactory(code="350400", name="三明市", name_en="Sanming City", level="city")
    county = DivisionFactory(code="350429", name="泰宁县", name_en="Taining County", parent=city)
    township = DivisionFactory(
        code="350429100",
        name="杉城镇",
        level="township",
        parent=county,
        latitude=26.9,
        longitude=117.17,
    )
    return city, county, township


@pytest.fixture
def secret_points(tree):
    """A hidden point and a township-precision home, with coordinates that must never show."""
    _, county, township = tree
    hidden = ServicePointFactory(
        name="不公开的站点",
        division=county,
        latitude=26.876543,
        longitude=117.234567,
        address="保密路1号",
        hidden=True,
    )
    private = ServicePointFactory(
        name="某村儿童之家",
        level=ServiceLevel.VILLAGE,
        division=township,
        latitude=26.934567,
        longitude=117.145678,
        address="杉城镇某村三组12号",
        location_precision=LocationPrecision.TOWNSHIP,
    )
    return hidden, private


def weekday_hours(point):
    for day in range(5):
        OpeningPeriod(
            service_point=point, weekday=day, opens=time(8, 30), closes=time(17, 30)
        ).save()


def ld_json(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_landing_page_browses_city_county_township_with_counts(client, tree):
    city, county, township = tree
    ServicePointFactory(division=county, level=ServiceLevel.COUNTY)
    ServicePointFactory(division=township)
    ServicePointFactory(division=township, hidden=True)
    landing = client.get("/directory/").content.decode()
    assert "三明市" in landing and "服务点：2 个" in landing
    county_page = client.get(reverse("directory:division", args=[city.code])).content.decode()
    assert "泰宁县" in county_page and "服务点：2 个" in county_page
    township_list = client.get(reverse("directory:division", args=[county.code])).content.decode()
    assert "杉城镇" in township_list and "服务点：1 个" in township_list
    assert client.get("/directory/999999/").status_code == 404


def test_the_english_directory_lives_under_en(client, tree):
    ServicePointFactory(division=tree[2])
    body = client.get("/en/directory/").content.decode()
    assert "Sanming City" in body and "Points: 1" in body


def test_a_point_page_shows_hours_in_chinese_open_now_and_json_ld(client, tree, monkeypatch):
    _, county, _ = tree
    point = ServicePointFactory(
        name="泰宁县未成年人救助保护中心",
        level=ServiceLevel.COUNTY,
        division=county,
        address="杉城镇胜利街1号",
        latitude=26.9,
        longitude=117.17,
    )
    weekday_hours(point)
    monday_morning = datetime(2026, 11, 30, 9, 0, tzinfo=BEIJING)
    monkeypatch.setattr("django.utils.timezone.now", lambda: monday_morning)
    html = client.get(reverse("directory:point", args=[point.pk])).content.decode()
    assert "周一至周五 8:30–17:30" in html
    assert "正在开放" in html
    data = ld_json(html)
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == "泰宁县未成年人救助保护中心"
    assert data["address"]["streetAddress"] == "杉城镇胜利街1号"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 26.9, "longitude": 117.17}
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    assert "mailto:directory@fulei.example?subject=" in html

    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=BEIJING)
    monkeypatch.setattr("django.utils.timezone.now", lambda: saturday)
    assert "现已关闭" in client.get(reverse("directory:point", args=[point.pk])).content.decode()


def test_closures_and_sessions_are_listed_and_close_the_point(client, tree, monkeypatch):
    point = ServicePointFactory(division=tree[1])
    weekday_hours(point)
    Closure(
        service_point=point,
        start_date=date(2026, 10, 1),
        end_date=date(2026, 10, 7),
        reason="国庆节",
    ).save()
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 10, 2, 10, tzinfo=BEIJING)
    )
    html = client.get(reverse("directory:point", args=[point.pk])).content.decode()
    assert "2026年10月1日至10月7日 (国庆节)" in html
    assert "现已关闭" in html


def test_a_point_without_hours_makes_no_open_now_claim(client, tree):
    point = ServicePointFactory(division=tree[1])
    html = client.get(reverse("directory:point", args=[point.pk])).content.decode()
    assert "正在开放" not in html and "现已关闭" not in html


def test_the_plaque_badge_is_shown_on_the_centre(client, tree):
    plaque = PlaqueFactory(service_point__division=tree[1], number="闽民牌〔2021〕007号")
    html = client.get(reverse("directory:point", args=[plaque.service_point.pk])).content.decode()
    assert "闽民牌〔2021〕007号" in html and "福建省民政厅" in html


def test_services_and_the_responsible_organisation_are_linked(client, tree):
    organization = OrganizationFactory(name="泰宁县阳光社工服务中心")
    point = ServicePointFactory(division=tree[1], responsible_organization=organization)
    point.categories.add(ServiceCategory.objects.get_or_create(code="legal_aid")[0])
    html = client.get(reverse("directory:point", args=[point.pk])).content.decode()
    assert "司法援助工程" in html
    assert reverse("directory:organization", args=[organization.pk]) in html


def test_a_hidden_organisation_is_not_named_on_its_points_page(client, tree):
    organization = OrganizationFactory(name="不公开的机构", hidden=True)
    point = ServicePointFactory(division=tree[1], responsible_organization=organization)
    html = client.get(reverse("directory:point", args=[point.pk])).content.decode()
    assert "不公开的机构" not in html


def test_hidden_records_are_not_found(client, secret_points):
    hidden, _ = secret_points
    assert client.get(reverse("directory:point", args=[hidden.pk])).status_code == 404
    organization = OrganizationFactory(hidden=True)
    assert client.get(reverse("directory:organization", args=[organization.pk])).status_code == 404
    project = ProjectFactory(organization=organization)
    assert client.get(reverse("directory:project", args=[project.pk])).status_code == 404
    assert client.get(reverse("directory:point", args=[999999])).status_code == 404


def test_a_township_precision_point_shows_its_township_only(client, secret_points):
    _, private = secret_points
    html = client.get(reverse("directory:point", args=[private.pk])).content.decode()
    assert "三明市泰宁县杉城镇" in html
    assert "某村三组" not in html
    data = ld_json(html)
    assert data["geo"]["latitude"] == 26.9 and data["geo"]["longitude"] == 117.17
    assert "streetAddress" not in data["address"]


def test_organisation_and_project_pages(client, tree):
    organization = OrganizationFactory(name="泰宁县阳光社工服务中心", rating="4A")
    organization.service_area.add(tree[1])
    project = ProjectFactory(
        organization=organization,
        title="泰宁县留守儿童暑期夏令营",
        start_date=date(2026, 7, 13),
        end_date=date(2026, 7, 24),
        capacity=40,
    )
    ProjectFactory(organization=organization, title="不公开的项目", is_public=False)
    html = client.get(reverse("directory:organization", args=[organization.pk])).content.decode()
    assert "泰宁县留守儿童暑期夏令营" in html and "不公开的项目" not in html
    data = ld_json(html)
    assert data["@type"] == "Organization"
    assert data["identifier"]["value"] == organization.uscc
    html = client.get(reverse("directory:project", args=[project.pk])).content.decode()
    assert "2026年7月13日至7月24日" in html and "泰宁县阳光社工服务中心" in html


def test_secret_points_leak_on_no_directory_page(client, tree, secret_points):
    hidden, private = secret_points
    city, county, township = tree
    visible = ServicePointFactory(division=county, name="公开的中心", level=ServiceLevel.COUNTY)
    organization = OrganizationFactory()
    project = ProjectFactory(organization=organization)
    project.service_points.add(hidden, private, visible)
    pages = [
        "/directory/",
        "/en/directory/",
        reverse("directory:division", args=[city.code]),
        reverse("directory:division", args=[county.code]),
        reverse("directory:division", args=[township.code]),
        reverse("directory:point", args=[private.pk]),
        reverse("directory:point", args=[visible.pk]),
        reverse("directory:organization", args=[organization.pk]),
        reverse("directory:project", args=[project.pk]),
        "/directory/changes.atom",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for secret in (
            "26.876",
            "117.234",
            "26.934",
            "117.145",
            "保密路",
            "某村三组",
            "不公开的站点",
        ):
            assert secret not in body, (url, secret)
    # The private home is listed (by name) on its township page; the hidden one nowhere.
    assert (
        "某村儿童之家"
        in client.get(reverse("directory:division", args=[township.code])).content.decode()
    )


def test_structured_data_says_when_a_position_is_approximate(client, db):
    from tests.factories.opendata import PrivateHomeFactory

    exact = ServicePointFactory(name="精确站点", latitude=26.9, longitude=117.17)
    seat = ServicePointFactory(name="驻地站点", location_approximate=True)
    home = PrivateHomeFactory(name="测试村儿童之家")
    geo = {
        point.pk: ld_json(client.get(reverse("directory:point", args=[point.pk])).content.decode())[
            "geo"
        ]
        for point in (exact, seat, home)
    }
    assert "description" not in geo[exact.pk]
    assert "驻地" in geo[seat.pk]["description"]
    assert "乡镇中心" in geo[home.pk]["description"]
    assert (geo[home.pk]["latitude"], geo[home.pk]["longitude"]) == (26.5, 117.5)
