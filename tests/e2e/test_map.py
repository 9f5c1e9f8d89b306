"""The map page in Chromium: search a county, see markers and the list, open a point."""

import re

import pytest
from playwright.sync_api import expect

from content.site_setup import ensure_site
from directory.models import Level, LocationPrecision, ServiceLevel
from search import clusters
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network():
    clusters.reset_index()
    sanming = DivisionFactory(
        code="350400", name="三明市", name_en="Sanming City", level=Level.CITY,
        latitude=26.26, longitude=117.64,
    )  # fmt: skip
    taining = DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    township = DivisionFactory(
        code="350429100", name="杉城镇", name_en="Shancheng Town", level=Level.TOWNSHIP,
        parent=taining, latitude=26.89, longitude=117.16,
    )  # fmt: skip
    xiamen = DivisionFactory(
        code="350200", name="厦门市", name_en="Xiamen City", level=Level.CITY,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    centre = ServicePointFactory(
        name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=taining,
        latitude=26.905, longitude=117.175,
    )  # fmt: skip
    ServicePointFactory(
        name="杉城镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=township,
        latitude=26.885, longitude=117.155,
    )  # fmt: skip
    ServicePointFactory(
        name="杉城镇东山村儿童之家", level=ServiceLevel.VILLAGE, division=township,
        location_precision=LocationPrecision.TOWNSHIP,
    )  # fmt: skip
    ServicePointFactory(
        name="厦门市儿童福利院", level=ServiceLevel.CITY, division=xiamen,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    yield centre
    clusters.reset_index()


def test_search_a_county_see_markers_and_the_list_then_open_a_point(
    live_server, page, screenshot, network
):
    ensure_site()
    # No test depends on map tiles: refuse them, as a blocked tile server would.
    page.route(re.compile(r"https?://(?!localhost|127\.0\.0\.1).*"), lambda route: route.abort())
    page.goto(live_server.url + "/map/")
    assert page.locator("h1").inner_text() == "服务地图"
    page.wait_for_selector(".leaflet-container")
    # Zoomed out over Fujian: server clusters and single points both appear.
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".point-list li").count() == 4

    # Choose the county: the list updates in place and the map moves there.
    page.select_option("#id_division", "350429")
    # Locator waits, not wait_for_function: the CSP (no 'unsafe-eval') stops string predicates.
    expect(page.locator(".point-list li")).to_have_count(3)
    assert "division=350429" in page.url
    names = page.locator(".point-list .point-name a").all_inner_texts()
    assert "厦门市儿童福利院" not in names and "泰宁县未成年人救助保护中心" in names
    page.locator(
        ".leaflet-marker-icon .mk, .leaflet-marker-icon.marker-cluster,"
        " .leaflet-marker-icon .mk-cluster"
    ).first.wait_for()
    assert "3" in page.locator("#map-list-status").inner_text()
    screenshot("map-county")

    # A typed search narrows the list; the URL keeps the state for a shared link.
    page.fill("#id_q", "救助保护")
    page.click("button[type=submit]")
    expect(page.locator(".point-list li")).to_have_count(1)
    assert "q=" in page.url and "division=350429" in page.url

    # Open the point from the map's popup: its detail link is the directory page.
    page.goto(live_server.url + "/map/?lat=26.905&lon=117.175&z=16")
    marker = page.locator(".leaflet-marker-icon", has=page.locator(".mk-county"))
    marker.first.click()
    link = page.locator(".leaflet-popup-content h3 a")
    assert link.inner_text() == "泰宁县未成年人救助保护中心"
    assert link.get_attribute("href") == f"/directory/points/{network.pk}/"

    # And from the list, which works without the map.
    page.locator(".point-list .point-name a", has_text="泰宁县未成年人救助保护中心").click()
    page.wait_for_url(live_server.url + f"/directory/points/{network.pk}/")
