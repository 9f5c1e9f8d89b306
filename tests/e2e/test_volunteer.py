"""Browser tests: a volunteer signs up by mobile, applies, and a reviewer with TOTP approves;
another volunteer signs up by e-mail."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache

from accounts import sms
from content.site_setup import ensure_site
from tests.e2e.accounts import reviewer_with_totp, sign_in, submit
from tests.e2e.guide import guide_shot
from tests.e2e.timeouts import WAIT_MS
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import ADULT_ID
from volunteer.models import Application, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Fulei-volunteer-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()


def test_mobile_sign_up_application_and_approval(live_server, page, browser, screenshot, tmp_path):
    ensure_site()
    city = DivisionFactory(code="350400", name="三明市", level="city")
    county = DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)

    # 1. Sign up with a mobile number; the code comes by SMS.
    page.goto(live_server.url + "/volunteer/")
    page.get_by_role("link", name="用手机号码或电子邮箱注册").click()
    page.fill("input[name='phone']", "139 1234 5678")
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    submit(page, "password1")
    page.wait_for_url(re.compile(r"/accounts/phone/verify/"))
    code = re.search(r"(\d{6})", sms.outbox[-1].message).group(1)
    assert sms.outbox[-1].phone == "+8613912345678"
    page.fill("input[name='code']", code)
    submit(page, "code")
    page.wait_for_url(re.compile(r"/volunteer/my/"))

    # 2. Apply, with the certificate.
    page.goto(live_server.url + "/volunteer/apply/")
    page.check("input[name='role'][value='caring_parent']")
    page.fill("input[name='real_name']", "林爱心")
    page.fill("input[name='id_number']", ADULT_ID)
    page.fill("input[name='phone']", "13912345678")
    page.select_option("select[name='county']", str(county.pk))
    page.fill("input[name='occupation']", "小学教师")
    page.fill("input[name='availability']", "周末")
    page.fill("input[name='languages']", "普通话、闽南话")
    page.fill("textarea[name='motivation']", "希望陪伴留守儿童。")
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(PDF)
    page.set_input_files("input[name='certificate']", str(certificate))
    page.check("input[name='privacy_consent']")
    page.check("input[name='background_consent']")
    screenshot("volunteer-apply")
    submit(page, "real_name")
    page.wait_for_url(re.compile(r"/volunteer/my/"))
    assert page.locator("[data-status]").inner_text() == "已提交"
    application = Application.objects.get()
    assert application.certificate

    # 3. A county reviewer with TOTP signs in (password, then the authenticator code).
    secret = reviewer_with_totp(county)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = context.new_page()
    staff.set_default_timeout(WAIT_MS)
    sign_in(staff, live_server.url, "reviewer@example.org", "/volunteer/review/", secret)
    guide_shot(staff, "reviewer-queue")
    staff.get_by_role("link", name="林爱心").click()
    staff.locator("select[name='to_status']").scroll_into_view_if_needed()
    guide_shot(staff, "reviewer-application")

    def decide(to_status: str, **fields) -> None:
        staff.select_option("select[name='to_status']", to_status)
        for name, value in fields.items():
            selector = f"[name='{name}']"
            if name == "background_outcome":
                staff.select_option(selector, value)
            else:
                staff.fill(selector, value)
        submit(staff, "to_status")
        staff.wait_for_load_state()
        assert staff.locator("dd[data-status]").get_attribute("data-status") == to_status

    decide("identity_checked")
    decide(
        "background_checked",
        background_outcome="clear",
        background_checked_on="2026-11-20",
        background_checking_body="泰宁县公安局",
        background_officer="王警官",
    )
    decide("training_completed")
    decide("approved")
    screenshot_path = tmp_path / "review.png"
    staff.screenshot(path=str(screenshot_path), full_page=True)
    context.close()

    # 4. The volunteer sees the approval, and was told by SMS.
    assert Application.objects.get().status == Status.APPROVED
    assert "已批准" in sms.outbox[-1].message
    page.reload()
    assert page.locator("[data-status]").inner_text() == "已批准"
    screenshot("volunteer-approved")


def test_email_sign_up(live_server, page, screenshot):
    ensure_site()
    page.goto(live_server.url + "/en/accounts/signup/")
    page.fill("input[name='email']", "new.volunteer@example.org")
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    submit(page, "password1")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    submit(page, "csrfmiddlewaretoken")
    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("input[name='login']", "new.volunteer@example.org")
    page.fill("input[name='password']", PASSWORD)
    submit(page, "login")
    page.wait_for_url(re.compile(r"/volunteer/my/"))
    assert "You have no open application." in page.content()
    screenshot("volunteer-email-signed-in")
