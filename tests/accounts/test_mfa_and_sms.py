import io

import pytest
from allauth.mfa.models import Authenticator

from accounts import sms
from accounts.sms import ConsoleSmsSender, OutboxSmsSender, get_sender
from tests.factories.volunteer import ReviewerScopeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_without_totp_cannot_reach_the_wagtail_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_a_reviewer_can_set_up_totp_from_the_redirect(client, county):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    scope = ReviewerScopeFactory(division=county)
    client.force_login(scope.user)
    redirected = client.get("/volunteer/review/", follow=True)
    # allauth asks for the password again before a security change.
    assert redirected.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    client.post(
        "/accounts/reauthenticate/",
        {"password": "correct-horse-9", "next": "/accounts/2fa/totp/activate/"},
    )
    page = client.get("/accounts/2fa/totp/activate/")
    html = page.content.decode()
    assert page.status_code == 200 and "data:image/svg+xml" in html  # QR code for the app
    assert 'class="site-header"' in html
    secret = page.context["form"].secret
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert Authenticator.objects.filter(user=scope.user, type="totp").exists()
    assert client.get("/volunteer/review/").status_code == 200


def test_applicants_are_not_asked_for_totp(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/volunteer/my/").status_code == 200


def test_the_console_sender_masks_the_number():
    stream = io.StringIO()
    ConsoleSmsSender(stream).send("+8613912345678", "code 123456")
    assert "+86139****5678" in stream.getvalue() and "13912345678" not in stream.getvalue()


def test_tests_use_the_outbox_sender():
    assert isinstance(get_sender(), OutboxSmsSender)
    sms.send_sms("+8613912345678", "hello")
    assert sms.outbox[-1].message == "hello"
