"""The printable A4 poster of a service point (issue 9): content, privacy and the QR code."""

import re
from datetime import time

import pytest
from django.utils import translation

from content.site_setup import ensure_site
from directory.models import LocationPrecision, OpeningPeriod, ServiceLevel
from directory.poster import qr_matrix
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    ensure_site()
    with translation.override("zh-hans"):
        yield


def qr_modules(html: str) -> set[tuple[int, int]]:
    """The dark modules drawn by the poster's inline SVG QR code."""
    svg = re.search(r'<svg class="poster-qr".*?</svg>', html, re.S).group(0)
    path = re.search(r'<path fill="#000" d="([^"]*)"', svg).group(1)
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)h1v1h-1z", path)}


def dark(matrix) -> set[tuple[int, int]]:
    return {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}


@pytest.fixture
def station():
    county = DivisionFactory(code="350429", name="泰宁县", name_en="Taining County")
    point = ServicePointFactory(
        name="泰宁县未成年人救助保护中心",
        name_en="Taining Minors Protection Centre",
        level=ServiceLevel.COUNTY,
        division=county,
        address="泰宁县杉城镇状元街8号",
        service_phone="0598-7831234",
    )
    for weekday in range(5):
        OpeningPeriod.objects.create(
            service_point=point, weekday=weekday, opens=time(8, 30), closes=time(17, 30)
        )
    return point


def test_poster_shows_name_level_address_hours_phone_and_a_qr_to_the_page(client, station):
    response = client.get(f"/directory/points/{station.pk}/poster/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "泰宁县未成年人救助保护中心",
        "Taining Minors Protection Centre",
        station.get_level_display(),
        "泰宁县杉城镇状元街8号",
        "周一至周五 8:30–17:30",
        "0598-7831234",
        "福蕾行动计划",
    ]:
        assert text in html, text
    # No site chrome on the sheet: no menu, no help bar, no footer.
    assert 'class="site-header"' not in html and 'class="nav"' not in html
    assert "@page" in open_static("directory/poster.css")
    # The QR code is the one for the point's absolute public URL, module for module.
    url = f"http://testserver/directory/points/{station.pk}/"
    assert qr_modules(html) == dark(qr_matrix(url))
    assert url in html


def test_english_poster_points_to_the_english_page(client, station):
    html = client.get(f"/en/directory/points/{station.pk}/poster/").content.decode()
    assert '<html lang="en">' in html
    assert "Mon–Fri 8:30–17:30" in html
    url = f"http://testserver/en/directory/points/{station.pk}/"
    assert qr_modules(html) == dark(qr_matrix(url))


def test_the_point_page_links_to_its_poster(client, station):
    html = client.get(f"/directory/points/{station.pk}/").content.decode()
    assert f'href="/directory/points/{station.pk}/poster/"' in html


def test_hidden_points_have_no_poster(client):
    hidden = ServicePointFactory(hidden=True)
    assert client.get(f"/directory/points/{hidden.pk}/poster/").status_code == 404
    assert client.get("/directory/points/999999/poster/").status_code == 404


def test_a_village_home_at_township_precision_shows_no_street_address(client):
    county = DivisionFactory(code="350429", name="泰宁县")
    township = DivisionFactory(code="350429100", name="杉城镇", level="township", parent=county)
    home = ServicePointFactory(
        name="杉城镇东山村儿童之家",
        level=ServiceLevel.VILLAGE,
        division=township,
        location_precision=LocationPrecision.TOWNSHIP,
        address="东山村委会旁小巷3号",
    )
    html = client.get(f"/directory/points/{home.pk}/poster/").content.decode()
    page = client.get(f"/directory/points/{home.pk}/").content.decode()
    assert "东山村委会旁小巷3号" not in html and "东山村委会旁小巷3号" not in page
    assert "泰宁县杉城镇" in html


def open_static(name: str) -> str:
    from django.contrib.staticfiles import finders

    with open(finders.find(name), encoding="utf-8") as f:
        return f.read()
