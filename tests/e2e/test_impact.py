"""Browser test: the impact page on a phone, its charts and their table alternatives."""

import datetime

import pytest

from content.site_setup import ensure_site
from impact.snapshot import take_snapshot
from tests.factories.directory import DivisionFactory, ServicePointFactory
from tests.factories.volunteer import ApprovedApplicationFactory, PairingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_impact_page_charts_and_tables(live_server, page, screenshot):
    ensure_site()
    city = DivisionFactory(code="350400", name="三明市", name_en="Sanming", level="city")
    taining = DivisionFactory(
        code="350429", name="泰宁县", level="county", parent=city, latitude=26.9, longitude=117.17
    )
    jianning = DivisionFactory(
        code="350430", name="建宁县", level="county", parent=city, latitude=26.83, longitude=116.84
    )
    for _ in range(3):
        PairingFactory(application=ApprovedApplicationFactory(county=taining))
    for _ in range(40):
        PairingFactory(application=ApprovedApplicationFactory(county=jianning))
    ServicePointFactory.create_batch(12, division=jianning)
    take_snapshot(datetime.date.today() + datetime.timedelta(days=100))

    page.goto(live_server.url + "/impact/")
    assert page.locator("svg.county-map circle").count() == 2
    assert page.locator("svg.county-map circle.shade-small").count() == 1
    page.get_by_text("地图数据表").click()
    assert page.locator("details.chart-table table").first.is_visible()
    screenshot("impact-page")
    page.select_option("select[name='measure']", "service_points_township")
    page.locator("form.impact-options button[type='submit']").click()
    page.wait_for_load_state()
    assert "service_points_township" in page.url
    assert page.locator("svg.county-map circle.shade-c4").count() == 1
