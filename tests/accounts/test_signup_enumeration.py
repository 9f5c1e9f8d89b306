"""E-mail sign-up tells nobody who is registered (issue 16, item 2): an address that already has
an account gets the same answer as a new one, and its owner an e-mail. Before, the form said
"此电子邮件地址已被其他用户注册", i.e. who is a volunteer or a reviewer."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-77"
# Differ on every response whoever asks: the CSP nonce and the CSRF token.
PER_RESPONSE = re.compile(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"')


def page_text(response) -> str:
    return PER_RESPONSE.sub("", response.content.decode())


def sign_up(email: str, prefix: str = ""):
    client = Client()
    response = client.post(
        f"{prefix}/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response, page


@pytest.fixture
def reviewer_address(db):
    user = get_user_model().objects.create_user(
        "reviewer", email="reviewer@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email="reviewer@example.org", verified=True)
    return user


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_signing_up_with_a_registered_address_looks_like_a_new_sign_up(reviewer_address, prefix):
    new, new_page = sign_up("newcomer@example.org", prefix)
    taken, taken_page = sign_up("Reviewer@Example.org", prefix)

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken_page.status_code == new_page.status_code == 200
    text = page_text(taken_page)
    assert text == page_text(new_page).replace("newcomer@example.org", "reviewer@example.org")
    assert "已被" not in text and "already" not in text.lower()


def test_the_owner_is_told_and_no_second_account_is_made(reviewer_address):
    sign_up("reviewer@example.org")

    assert get_user_model().objects.count() == 1
    assert EmailAddress.objects.filter(email__iexact="reviewer@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    body = mail.outbox[0].body
    # allauth's "account already exists" message, with the way to reset the password; no
    # confirmation link that would verify anything.
    assert "/accounts/password/reset/" in body
    assert "/accounts/confirm-email/" not in body


def test_an_address_on_an_account_without_a_confirmed_record_is_also_protected(db):
    get_user_model().objects.create_user("staff", email="staff@example.org", password=PASSWORD)
    response, _ = sign_up("staff@example.org")
    assert response.status_code == 302
    assert get_user_model().objects.count() == 1
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]
