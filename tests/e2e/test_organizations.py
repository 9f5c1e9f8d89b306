"""Browser test: an organisation registers, a county reviewer verifies it, the organisation
submits a holiday camp, the reviewer publishes it, and the public finds it through /map/."""

import re

import pytest
from django.core.cache import cache
from stdnum.cn import uscc

from content.site_setup import ensure_site
from directory.models import ListingStatus, Organization, Project, VerificationStatus
from search import clusters
from tests.e2e import accounts
from tests.e2e.accounts import reviewer_with_totp, sign_in
from tests.e2e.guide import guide_shot
from tests.e2e.timeouts import WAIT_MS
from tests.factories.directory import DivisionFactory, ServicePointFactory
from tests.factories.volunteer import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    clusters.reset_index()
    yield
    cache.clear()
    clusters.reset_index()


def submit(page, field_name: str) -> None:
    # From the keyboard. In headless Chromium under the CSP a mouse click on the long
    # registration form's button scrolls the page between mousedown and mouseup, so the click
    # lands on another element (not yet understood; see the issue-7 closing note).
    accounts.submit(page, field_name, keyboard=True)


def test_register_verify_submit_publish_and_find_on_the_map(
    live_server, page, browser, screenshot, tmp_path
):
    ensure_site()
    base = live_server.url
    page.route(re.compile(r"https?://(?!localhost|127\.0\.0\.1).*"), lambda route: route.abort())
    sanming = DivisionFactory(
        code="350400", name="三明市", level="city", latitude=26.26, longitude=117.64
    )
    taining = DivisionFactory(
        code="350429", name="泰宁县", level="county", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    station = ServicePointFactory(
        name="泰宁县未成年人救助保护中心", level="county", division=taining,
        latitude=26.905, longitude=117.175,
    )  # fmt: skip
    UserFactory(email="social.worker@example.org")
    secret = reviewer_with_totp(taining)
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = staff_context.new_page()
    staff.set_default_timeout(WAIT_MS)

    # 1. A social worker signs in and registers the organisation.
    sign_in(page, base, "social.worker@example.org", "/organizations/register/", keyboard=True)
    page.fill("input[name='name']", "泰宁县阳光社会工作服务中心")
    first17 = "52350429MJ0000001"
    page.fill("input[name='uscc']", first17 + uscc.calc_check_digit(first17))
    page.select_option("select[name='kind']", "social_work_agency")
    page.select_option("select[name='service_area']", [str(taining.pk)])
    page.fill("input[name='contact_channel']", "0598-7831234")
    certificate = tmp_path / "licence.pdf"
    certificate.write_bytes(PDF)
    page.set_input_files("input[name='registration_certificate']", str(certificate))
    screenshot("organization-register")
    submit(page, "uscc")
    page.wait_for_url(re.compile(r"/organizations/\d+/manage/$"))
    assert page.locator("dd[data-verification]").get_attribute("data-verification") == "pending"
    organization = Organization.objects.get()

    # 2. The county reviewer signs in with TOTP and verifies it.
    sign_in(staff, base, "reviewer@example.org", "/organizations/review/", secret, keyboard=True)
    guide_shot(staff, "organizations-queue")
    staff.get_by_role("link", name="泰宁县阳光社会工作服务中心").click()
    staff.check("input[name='decision'][value='verify']")
    submit(staff, "decision")
    staff.wait_for_load_state()
    assert staff.locator("dd[data-verification]").get_attribute("data-verification") == "verified"
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED

    # 3. The organisation writes a holiday camp and submits it.
    page.reload()
    page.get_by_role("link", name="添加项目").first.click()
    page.fill("input[name='title']", "泰宁县阳光暑期夏令营")
    page.select_option("select[name='category']", "holiday_care")
    page.fill("textarea[name='summary']", "暑期托管、课业辅导与户外活动。")
    page.select_option("select[name='service_points']", [str(station.pk)])
    page.fill("input[name='start_date']", "2027-07-10")
    page.fill("input[name='end_date']", "2027-07-15")  # six days: too short
    page.fill("textarea[name='how_to_join']", "到泰宁县未成年人救助保护中心报名。")
    submit(page, "title")
    assert "至少须举办 10 天" in page.locator("#error-end_date").inner_text()
    page.fill("input[name='end_date']", "2027-07-19")
    submit(page, "title")
    page.wait_for_url(re.compile(r"/organizations/projects/\d+/edit/$"))
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.locator("strong[data-listing-status]").get_attribute("data-listing-status") == (
        "submitted"
    )

    # 4. The reviewer publishes it.
    staff.goto(base + "/organizations/review/")
    staff.get_by_role("link", name="泰宁县阳光暑期夏令营").click()
    staff.check("input[name='decision'][value='publish']")
    guide_shot(staff, "organizations-decision")
    submit(staff, "decision")
    staff.wait_for_load_state()
    assert staff.locator("dd[data-listing-status]").get_attribute("data-listing-status") == (
        "published"
    )
    staff_context.close()
    assert Project.objects.get().status == ListingStatus.PUBLISHED

    # 5. Anyone finds it through the map's search and opens it.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    visitor.route(re.compile(r"https?://(?!localhost|127\.0\.0\.1).*"), lambda route: route.abort())
    visitor.goto(base + "/map/")
    visitor.fill("input[name='q']", "夏令营")
    visitor.locator("form:has(input[name='q']) button[type='submit']").first.click()
    link = visitor.locator(".project-list a", has_text="泰宁县阳光暑期夏令营")
    link.wait_for()
    link.click()
    visitor.wait_for_url(re.compile(r"/directory/projects/\d+/$"))
    assert "泰宁县阳光社会工作服务中心" in visitor.locator("main").inner_text()
    visitor.context.close()
