"""The A4 poster in Chromium's print-to-PDF: one sheet, without the screen-only line."""

import re
from datetime import time

import pytest

from content.site_setup import ensure_site
from directory.models import OpeningPeriod, ServiceLevel
from tests.e2e.pages import EXTERNAL
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed: ``/Type /Page``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("language", ["", "/en"])
def test_a_long_poster_prints_on_one_a4_page(live_server, page, screenshot, language):
    ensure_site()
    county = DivisionFactory(code="350429", name="泰宁县", name_en="Taining County")
    # The longest realistic case: long names in both languages, split hours every day.
    point = ServicePointFactory(
        name="三明市泰宁县杉城镇城关社区未成年人保护工作站暨儿童关爱服务中心",
        name_en="Shancheng Town Chengguan Community Minors Protection Workstation "
        "and Children's Care Service Centre, Taining County, Sanming",
        level=ServiceLevel.TOWNSHIP,
        division=county,
        address="福建省三明市泰宁县杉城镇城关社区状元街与胜利路交叉口东南侧综合服务楼二层208室",
    )
    for weekday in range(7):
        for opens, closes in [(time(8, 0), time(11, 30)), (time(14, 30), time(17, 30 + weekday))]:
            OpeningPeriod.objects.create(
                service_point=point, weekday=weekday, opens=opens, closes=closes
            )
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(f"{live_server.url}{language}/directory/points/{point.pk}/poster/")
    page.emulate_media(media="print")
    assert page.locator(".poster-screen-only").is_hidden()
    assert page.locator(".site-header").count() == 0
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    screenshot(f"poster-print{language.replace('/', '-')}")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    # The counter can tell: the same sheet in far larger type runs onto a second page.
    # Through the CSSOM: the CSP refuses an injected <style> element.
    page.evaluate(
        "document.querySelectorAll('.poster-facts').forEach(e => { e.style.fontSize = '60pt'; })"
    )
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) > 1
