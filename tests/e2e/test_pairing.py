"""Browser test: a volunteer logs a home visit on a phone, and the county reviewer's overdue
list no longer shows it."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from content.site_setup import ensure_site
from tests.e2e.accounts import reviewer_with_totp, sign_in, submit
from tests.e2e.timeouts import WAIT_MS
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import (
    ApprovedApplicationFactory,
    ContactFactory,
    PairingFactory,
    UserFactory,
)
from volunteer.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_volunteer_logs_a_visit_and_the_overdue_list_changes(
    live_server, page, browser, screenshot
):
    ensure_site()
    city = DivisionFactory(code="350400", name="三明市", level="city")
    county = DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)
    volunteer = UserFactory(email="volunteer@example.org")
    pairing = PairingFactory(
        application=ApprovedApplicationFactory(user=volunteer, county=county),
        case_code="350429-0042",
        started_on=timezone.localdate() - datetime.timedelta(days=200),
    )
    # The monthly talk is up to date; the quarterly home visit is overdue.
    ContactFactory(pairing=pairing, contact_type="talk", occurred_on=timezone.localdate())

    # The reviewer signs in with password and TOTP and sees the overdue visit.
    secret = reviewer_with_totp(county)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = context.new_page()
    staff.set_default_timeout(WAIT_MS)
    sign_in(staff, live_server.url, "reviewer@example.org", "/volunteer/review/overdue/", secret)
    overdue_visit = staff.locator("tr[data-case='350429-0042'][data-type='home_visit']")
    assert overdue_visit.count() == 1
    assert staff.locator("tr[data-type='talk']").count() == 0

    # The volunteer, on a phone, logs the home visit.
    page.goto(live_server.url + "/accounts/login/?next=/volunteer/my/pairings/")
    page.fill("input[name='login']", "volunteer@example.org")
    page.fill("input[name='password']", "correct-horse-9")
    submit(page, "login")
    page.wait_for_url(re.compile(r"/volunteer/my/pairings/$"))
    page.locator(f"a[href$='/volunteer/my/pairings/{pairing.pk}/log/']").click()
    page.check("input[name='contact_type'][value='home_visit']")
    page.fill("input[name='duration_minutes']", "60")
    page.fill("textarea[name='note']", "家访顺利。")
    screenshot("pairing-log-contact")
    submit(page, "duration_minutes")
    page.wait_for_url(re.compile(r"/volunteer/my/pairings/$"))
    assert Contact.objects.filter(contact_type="home_visit", pairing=pairing).count() == 1

    # The reviewer's list no longer shows the visit.
    staff.reload()
    assert staff.locator("tr[data-case='350429-0042'][data-type='home_visit']").count() == 0
    assert "家访顺利" not in page.content()
    context.close()
