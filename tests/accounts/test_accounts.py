import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import sms
from accounts.models import AccountPhone

pytestmark = pytest.mark.django_db


def sms_code() -> str:
    return re.search(r"(\d{6})", sms.outbox[-1].message).group(1)


def test_sign_up_by_mobile_number_with_an_sms_code(client):
    response = client.post(
        "/accounts/signup/",
        {"phone": "139 1234 5678", "password1": "a-Long-pass-77", "password2": "a-Long-pass-77"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/phone/verify/")
    assert sms.outbox[-1].phone == "+8613912345678"
    response = client.post("/accounts/phone/verify/", {"code": sms_code()})
    assert response.status_code == 302
    phone = AccountPhone.objects.get()
    assert phone.phone == "+8613912345678" and phone.verified
    assert client.get("/volunteer/my/").status_code == 200


def test_sign_in_by_mobile_number_with_a_one_time_code(client):
    user = get_user_model().objects.create_user("p1", password="x-Long-pass-77")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    response = client.post("/accounts/login/code/", {"phone": "13912345678"})
    assert response.status_code == 302
    code = sms_code()
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.get("/volunteer/my/").status_code == 200


def test_sign_in_by_mobile_number_and_password(client):
    user = get_user_model().objects.create_user("p2", password="x-Long-pass-77")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    response = client.post(
        "/accounts/login/", {"login": "13912345678", "password": "x-Long-pass-77"}
    )
    assert response.status_code == 302
    assert client.get("/volunteer/my/").status_code == 200


@pytest.mark.parametrize("number", ["12345", "010 6512 3456", "+1 202 555 0143", "1391234567"])
def test_sign_up_refuses_what_is_not_a_mainland_mobile(client, number):
    response = client.post(
        "/accounts/signup/",
        {"phone": number, "password1": "a-Long-pass-77", "password2": "a-Long-pass-77"},
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_sign_up_needs_exactly_one_of_mobile_and_email(client):
    both = client.post(
        "/accounts/signup/",
        {
            "phone": "13912345678",
            "email": "a@example.org",
            "password1": "a-Long-pass-77",
            "password2": "a-Long-pass-77",
        },
    )
    neither = client.post(
        "/accounts/signup/", {"password1": "a-Long-pass-77", "password2": "a-Long-pass-77"}
    )
    assert both.context["form"].non_field_errors()
    assert neither.context["form"].non_field_errors()
    assert not get_user_model().objects.exists()


def test_sign_up_by_email_requires_verification_before_sign_in(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": "a-Long-pass-77", "password2": "a-Long-pass-77"},
    )
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert client.get("/volunteer/my/").status_code == 302  # not signed in yet
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1]
    client.post(path)
    assert EmailAddress.objects.get(email="new@example.org").verified
    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": "a-Long-pass-77"}
    )
    assert response.status_code == 302
    assert client.get("/volunteer/my/").status_code == 200


def test_honeypot_filled_in_saves_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "bot@example.org",
            "password1": "a-Long-pass-77",
            "password2": "a-Long-pass-77",
            "contact_website": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert not get_user_model().objects.exists()


def test_password_reset_sends_a_link(client):
    get_user_model().objects.create_user("e1", email="e1@example.org", password="x-Long-pass-77")
    response = client.post("/accounts/password/reset/", {"email": "e1@example.org"})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_account_pages_use_the_portal_layout_in_both_languages(client, prefix):
    response = client.get(f"{prefix}/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert ("Sign In" in html) if prefix else ("登录" in html)


def test_argon2_is_the_password_hasher_outside_tests(settings):
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
