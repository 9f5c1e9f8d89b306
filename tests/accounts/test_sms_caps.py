"""Daily caps on text messages (issue 16, item 2): at most SMS_DAILY_CAP_PER_NUMBER texts to one
number and SMS_DAILY_CAP_TOTAL in all a day; over a cap nothing is sent and the visitor gets a
translated 429 page with Retry-After; staff see the day's counts with numbers masked. Before,
every request that asked for a text sent one."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts import sms
from accounts.models import AccountPhone
from accounts.notify import notify
from tests.factories.volunteer import UserFactory, add_totp

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-77"
ADDRESSES = (f"203.0.113.{n}" for n in itertools.count(10))


@pytest.fixture
def caps(settings):
    settings.SMS_DAILY_CAP_PER_NUMBER = 2
    settings.SMS_DAILY_CAP_TOTAL = 3
    # allauth's own short-term limits (one code a number per 30 s ...) out of the way: this is
    # about the day.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "request_login_code": "100/m/ip,100/m/key",
        "verify_phone": "100/m/ip,100/m/key",
    }
    return settings


def ask_for_code(number: str):
    return Client(REMOTE_ADDR=next(ADDRESSES)).post("/accounts/login/code/", {"phone": number})


def sign_up(number: str, prefix: str = ""):
    return Client(REMOTE_ADDR=next(ADDRESSES)).post(
        f"{prefix}/accounts/signup/",
        {"phone": number, "password1": PASSWORD, "password2": PASSWORD},
    )


def phone_account(number: str):
    user = get_user_model().objects.create_user(f"u{number[-4:]}", password=PASSWORD)
    AccountPhone.objects.create(user=user, phone=f"+86{number}", verified=True)
    return user


def assert_cap_page(response, text: str) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert text in response.content.decode()


def test_one_number_gets_at_most_its_daily_cap_and_then_a_readable_refusal(caps):
    phone_account("13912345678")
    statuses = [ask_for_code("13912345678").status_code for _ in range(3)]
    assert statuses[:2] == [302, 302]
    assert [m.phone for m in sms.outbox] == ["+8613912345678"] * 2
    refused = ask_for_code("13912345678")
    assert_cap_page(refused, "今天不能再发送短信")
    assert len(sms.outbox) == 2


def test_the_cap_answers_alike_for_numbers_with_and_without_an_account(caps):
    phone_account("13912345678")
    known = [ask_for_code("13912345678").status_code for _ in range(3)]
    unknown = [ask_for_code("13987654321").status_code for _ in range(3)]
    assert known == unknown == [302, 302, 429]
    assert {m.phone for m in sms.outbox} == {"+8613912345678"}


def test_over_the_portals_daily_cap_a_sign_up_sends_nothing_and_leaves_no_account(caps):
    responses = [sign_up(f"1381234560{n}") for n in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert_cap_page(sign_up("13812345609", prefix="/en"), "No more text messages today")
    assert len(sms.outbox) == 3
    assert AccountPhone.objects.count() == 3
    assert get_user_model().objects.count() == 3
    # Notices count against the same cap: an application's notice is not sent either.
    assert notify(phone_account("13700000001"), "subject", "text") is False
    assert len(sms.outbox) == 3


def test_staff_see_todays_counts_with_numbers_masked(caps, client):
    phone_account("13912345678")
    for _ in range(3):
        ask_for_code("13912345678")
    for n in range(2):
        sign_up(f"1381234560{n}")

    staff = UserFactory(is_staff=True, is_superuser=True)
    add_totp(staff)
    client.force_login(staff)
    page = client.get("/admin/reports/text-messages/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "今天的短信" in text
    rows = {row["kind"]: (row["sent"], row["refused"]) for row in page.context["counts"]["rows"]}
    assert rows["登录验证码"] == (2, 1)
    assert rows["注册验证码"] == (1, 1)  # the total cap (3) was reached by the second sign-up
    assert "+86139****5678" in text
    assert "13912345678" not in text and "1381234560" not in text
    assert "/admin/reports/text-messages/" in client.get("/admin/").content.decode()


def test_staff_without_the_permission_are_refused(caps, client):
    editor = UserFactory(is_staff=True)
    editors = Group.objects.create(name="editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    add_totp(editor)
    client.force_login(editor)
    # Wagtail answers a refusal inside the admin by sending the user back to its dashboard.
    response = client.get("/admin/reports/text-messages/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "/admin/reports/text-messages/" not in client.get("/admin/").content.decode()


def test_while_the_counters_are_down_no_text_is_sent(caps, redis_limits):
    user = phone_account("13700000002")
    redis_limits.kill()
    assert notify(user, "subject", "text") is False
    assert sms.outbox == []
