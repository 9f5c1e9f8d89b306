"""Issue 16, "Done when": in the browser, a person signs up by mobile number (the code read
from the test SMS outbox) with JavaScript off, and a reviewer signs in with password and TOTP
from the page header and lands on the review area. Screenshots under var/test-screenshots/
(account-*.png) show each step."""

import re

import pytest
from django.core.cache import cache

from accounts import sms
from content.site_setup import ensure_site
from frontend.display import ELDER_MODE_COOKIE
from tests.e2e.accounts import FACTORY_PASSWORD, current_totp, reviewer_with_totp, submit
from tests.factories.directory import DivisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Fulei-volunteer-2026"
# Every control of the main column a finger or an elder presses: 44 px at least.
SMALL_TARGETS = """() => [...document.querySelectorAll(
  'main button, main .button, main input:not([type=hidden]):not([type=checkbox]), main select')]
  .filter(el => el.offsetParent !== null)
  .filter(el => el.getBoundingClientRect().height < 44)
  .map(el => el.outerHTML.slice(0, 80))"""


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()


def _shot(page, name):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_sign_up_by_phone_without_javascript_in_elder_mode(live_server, browser):
    ensure_site()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", java_script_enabled=False
    )
    context.add_cookies([{"name": ELDER_MODE_COOKIE, "value": "1", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/volunteer/")
        # The page header's way in, then the sign-in page's link to sign up.
        page.locator(".header-compact .account-link").click()
        page.wait_for_url(re.compile(r"/accounts/login/$"))
        _shot(page, "account-1-sign-in-elder")
        assert page.evaluate(SMALL_TARGETS) == []
        page.locator("main a[href*='/accounts/signup/']").first.click()
        page.wait_for_url(re.compile(r"/accounts/signup/"))
        # A mistake first: the error is shown with the field it belongs to.
        page.get_by_label("手机号码").fill("12345")
        page.fill("input[name='password1']", PASSWORD)
        page.fill("input[name='password2']", PASSWORD)
        submit(page, "password1")
        phone = page.get_by_label("手机号码")
        assert phone.get_attribute("aria-invalid") == "true"
        error_id = phone.get_attribute("aria-describedby").split()[-1]
        assert page.locator(f"#{error_id}").inner_text().strip()
        _shot(page, "account-2-sign-up-error-elder")
        assert page.evaluate(SMALL_TARGETS) == []
        phone.fill("138 1234 5678")
        page.fill("input[name='password1']", PASSWORD)
        page.fill("input[name='password2']", PASSWORD)
        submit(page, "password1")
        page.wait_for_url(re.compile(r"/accounts/phone/verify/"))
        _shot(page, "account-3-phone-code-elder")
        assert sms.outbox[-1].phone == "+8613812345678"
        code = re.search(r"(\d{6})", sms.outbox[-1].message).group(1)
        page.fill("input[name='code']", code)
        submit(page, "code")
        page.wait_for_url(re.compile(r"/volunteer/"))
        body = page.locator("body").inner_text()
        assert "138****5678" in body  # "以 138****5678 成功登录", never a machine user name
        assert not re.search(r"\buser\d*\b", body)
        assert page.locator(".header-compact .account-link").inner_text() == "我的"
        _shot(page, "account-4-signed-up-elder")
    finally:
        context.close()


def test_reviewer_signs_in_with_totp_from_the_header_and_reaches_the_review_area(live_server, page):
    ensure_site()
    city = DivisionFactory(code="350400", name="三明市", level="city")
    county = DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)
    DivisionFactory(code="350430", name="建宁县", level="county", parent=city)
    secret = reviewer_with_totp(county, email="reviewer@example.org")

    page.goto(live_server.url + "/")
    page.locator(".header-compact .account-link").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("手机号码或电子邮箱").fill("reviewer@example.org")
    page.fill("input[name='password']", FACTORY_PASSWORD)
    _shot(page, "account-5-reviewer-sign-in")
    submit(page, "login")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    _shot(page, "account-6-totp")
    assert page.evaluate(SMALL_TARGETS) == []
    page.fill("input[name='code']", current_totp(secret))
    submit(page, "code")
    # The header link carries no ?next=: the reviewer lands on their work, not "我的申请".
    page.wait_for_url(re.compile(r"/volunteer/review/$"))
    assert page.locator("h1").first.inner_text()
    options = page.locator("select[name='county'] option").all_inner_texts()
    assert "泰宁县" in options and "建宁县" not in options  # only their own county
    assert "r***@example.org" in page.locator("body").inner_text()
    _shot(page, "account-7-review-area")
    page.locator(".header-compact .account-link").click()
    page.wait_for_url(re.compile(r"/accounts/my/"))
    assert page.locator("main a[href='/volunteer/review/']").count() == 1
    _shot(page, "account-8-my-account")
