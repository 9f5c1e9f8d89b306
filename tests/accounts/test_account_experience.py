"""Issue 16, item 7: the account pages in the portal's design, display names instead of user
names, e-mails naming the portal, one password prompt, landing on one's work, the header link."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import override_settings

from accounts import services, sms
from tests.factories.volunteer import PhoneUserFactory, ReviewerScopeFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-9"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/password/reset/",
    ],
)
def test_account_pages_are_in_the_portal_design_with_labelled_fields(client, home_page, path):
    html = client.get(path).content.decode()
    assert 'class="site-header"' in html and "account-page" in html
    assert 'class="form account-form"' in html
    assert 'class="button"' in html  # the main action is the portal's 44 px button
    # Every visible input has a label bound to it (allauth's "unlabeled" placeholders are not
    # the only label).
    for input_id in re.findall(r'<input (?![^>]*type="hidden")[^>]*id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


def test_a_field_error_is_bound_to_its_field(client, home_page):
    html = client.post(
        "/accounts/signup/", {"phone": "12345", "password1": "x", "password2": "y"}
    ).content.decode()
    phone_input = re.search(r'<input[^>]*name="phone"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in phone_input
    described = re.search(r'aria-describedby="([^"]+)"', phone_input).group(1).split()
    assert "id_phone_error" in described
    assert 'id="id_phone_error"' in html


def test_the_signed_in_message_names_the_person_not_the_user_name(client, home_page):
    PhoneUserFactory(username="user3", phone="+8613812345678")
    response = client.post(
        "/accounts/login/", {"login": "13812345678", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "138****5678" in html
    assert "user3" not in html


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"first_name": "林", "last_name": "小芳"}, "林 小芳"),
        ({"email": "zhang.wei@example.org"}, "z***@example.org"),
    ],
)
def test_display_name_is_the_name_given_or_a_masked_address(attrs, expected):
    user = UserFactory(username="user9", **attrs)
    assert services.display_name(user) == expected


def test_an_organisation_history_shows_display_names(client, home_page):
    from tests.factories.organizations import MembershipFactory

    member = MembershipFactory(owner=True)
    member.user.username = "user3"
    member.user.first_name = "陈"
    member.user.save()
    client.force_login(member.user)
    html = client.get(f"/organizations/{member.organization.pk}/manage/").content.decode()
    assert "陈" in html
    assert "user3" not in html


@override_settings(SITE_BASE_URL="https://fulei.example.cn")
def test_the_confirmation_email_names_the_portal_and_links_to_site_base_url(client, home_page):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a-Long-pass-77", "password2": "a-Long-pass-77"},
    )
    message = mail.outbox[-1]
    assert message.subject.startswith("[福蕾门户]")
    assert "这是福蕾门户发给您的邮件" in message.body
    assert "127.0.0.1" not in message.body and "Hello" not in message.body
    assert "testserver" not in message.body
    assert "https://fulei.example.cn/accounts/confirm-email/" in message.body


def test_no_second_password_prompt_straight_after_sign_in(client, county):
    scope = ReviewerScopeFactory(division=county)
    client.post("/accounts/login/", {"login": scope.user.email, "password": PASSWORD})
    response = client.get("/volunteer/review/", follow=True)
    # Straight to the authenticator set-up, not to "enter your password again".
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert "data:image/svg+xml" in response.content.decode()


def test_an_older_session_is_asked_for_its_password_again(client, county, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 1
    scope = ReviewerScopeFactory(division=county)
    client.post("/accounts/login/", {"login": scope.user.email, "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 10
    session.save()
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def _sign_in_with_totp(client, user, secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return client.post(response["Location"], {"code": code})


def test_a_reviewer_lands_on_the_review_area(client, county):
    from tests.factories.volunteer import add_totp

    scope = ReviewerScopeFactory(division=county)
    response = _sign_in_with_totp(client, scope.user, add_totp(scope.user))
    assert response["Location"] == "/volunteer/review/"


def test_wagtail_staff_land_on_the_admin(client, home_page):
    from tests.factories.volunteer import add_totp

    staff = UserFactory(is_staff=True, is_superuser=True)
    response = _sign_in_with_totp(client, staff, add_totp(staff))
    assert response["Location"] == "/admin/"


def test_next_still_wins_and_volunteers_land_on_their_applications(client, home_page):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/volunteer/my/"
    client.logout()
    response = client.post(
        "/accounts/login/?next=/map/", {"login": user.email, "password": PASSWORD, "next": "/map/"}
    )
    assert response["Location"] == "/map/"


def test_the_header_links_to_sign_in_then_to_my_account(client, home_page, county):
    html = client.get("/map/").content.decode()
    assert 'class="account-link" href="/accounts/login/"' in html
    scope = ReviewerScopeFactory(division=county)
    Authenticator.objects.all().delete()
    from tests.factories.volunteer import add_totp

    add_totp(scope.user)
    client.force_login(scope.user)
    html = client.get("/map/").content.decode()
    assert 'href="/accounts/my/"' in html and "我的" in html
    mine = client.get("/accounts/my/").content.decode()
    assert 'href="/volunteer/review/"' in mine  # a reviewer finds the review area
    assert 'href="/accounts/2fa/"' in mine and 'href="/accounts/logout/"' in mine


def test_sign_up_by_phone_page_then_code_page_are_styled(client, home_page):
    response = client.post(
        "/accounts/signup/",
        {"phone": "139 1234 5678", "password1": "a-Long-pass-77", "password2": "a-Long-pass-77"},
        follow=True,
    )
    html = response.content.decode()
    assert "account-page" in html and 'class="form account-form"' in html
    assert sms.outbox, "the code was texted"


def test_the_portals_own_forms_bind_errors_to_their_fields(client, home_page):
    # accounts/form_fields.html (every portal form): before, the error list's id was not the one
    # Django's aria-describedby names, so a screen reader did not read it with the field.
    client.force_login(UserFactory())
    html = client.post("/volunteer/apply/", {"real_name": ""}).content.decode()
    name_input = re.search(r'<input[^>]*name="real_name"[^>]*>', html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', name_input).group(1).split()
    assert all(f'id="{target}"' in html for target in described), described
    assert "id_real_name_error" in described
