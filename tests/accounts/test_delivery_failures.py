"""Sign-up, sign-in codes and 2FA never answer 500 (issue 16, item 2): when the SMS gateway or
the mail server fails, or Redis stops under the TOTP step, the visitor gets a translated 503
page with Retry-After, and a sign-up leaves no account behind.

The SMS gateway and the SMTP server are outside the portal: they are the test doubles here.
Redis is a real redis-server, stopped in the middle of the test."""

import smtplib
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from accounts.models import AccountPhone
from accounts.sms import BaseSmsSender, SmsError
from tests.factories.volunteer import UserFactory, add_totp

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-77"


class GatewayDown(BaseSmsSender):
    """The provider refuses every message, as ``HttpJsonSmsSender`` reports it."""

    def send(self, phone, message):
        raise SmsError("provider answered 503")


class GatewayUnreachable(BaseSmsSender):
    """A provider SDK of the operator's own that lets a network error through."""

    def send(self, phone, message):
        raise ConnectionRefusedError(111, "Connection refused")


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def assert_message_not_sent_page(response, text: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert text in response.content.decode()


@pytest.mark.parametrize("sender", ["GatewayDown", "GatewayUnreachable"])
def test_a_phone_sign_up_whose_code_cannot_be_sent_is_a_503_and_leaves_no_account(settings, sender):
    settings.SMS_BACKEND = f"{__name__}.{sender}"
    response = Client().post(
        "/accounts/signup/", {"phone": "13912345678", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert_message_not_sent_page(response, "短信或电子邮件")
    assert not AccountPhone.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_page_is_in_english_under_en(settings):
    settings.SMS_BACKEND = f"{__name__}.GatewayDown"
    response = Client().post(
        "/en/accounts/signup/",
        {"phone": "13912345678", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert_message_not_sent_page(response, "The message could not be sent")


def test_an_email_sign_up_whose_mail_cannot_be_sent_is_a_503_and_leaves_no_account(settings):
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert_message_not_sent_page(response, "短信或电子邮件")
    assert not EmailAddress.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_sign_in_code_that_cannot_be_sent_is_a_503(settings):
    user = get_user_model().objects.create_user("u1", password=PASSWORD)
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    settings.SMS_BACKEND = f"{__name__}.GatewayDown"
    response = Client().post("/accounts/login/code/", {"phone": "13912345678"})
    assert_message_not_sent_page(response, "短信或电子邮件")


def test_a_password_reset_mail_that_cannot_be_sent_is_a_503(settings):
    get_user_model().objects.create_user("e1", email="e1@example.org", password=PASSWORD)
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    response = Client().post("/accounts/password/reset/", {"email": "e1@example.org"})
    assert_message_not_sent_page(response, "短信或电子邮件")


def test_the_authenticator_step_during_a_redis_outage_is_the_503_page(redis_limits):
    staff = UserFactory(is_staff=True, email="staff@example.org")
    staff.set_password(PASSWORD)
    staff.save()
    secret = add_totp(staff)
    client = Client()
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")

    redis_limits.kill()

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "paused for a few minutes" in response.content.decode()
    assert client.get("/volunteer/my/").status_code == 302  # not signed in

    redis_limits.start()
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/volunteer/my/").status_code == 200
