"""Hostile strings in every public volunteer form (hypothesis): the application, sign-up,
sign-in and password reset never answer 500, never store half a record, and never send a
payload back unescaped, to the applicant or to the reviewer who reads it."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from accounts import sms
from accounts.models import AccountPhone
from tests.factories.volunteer import ADULT_ID, UserFactory
from tests.hostile import as_received, assert_not_reflected_raw, form_body, hostile_text
from volunteer.models import Application, Status, Transition

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
APPLICATION_TEXT_FIELDS = [
    "real_name",
    "id_number",
    "phone",
    "occupation",
    "availability",
    "languages",
    "motivation",
]


def valid_application(county) -> dict:
    return {
        "role": "caring_parent",
        "real_name": "林爱心",
        "id_number": ADULT_ID,
        "phone": "138 0591 2345",
        "county": str(county.pk),
        "occupation": "小学教师",
        "availability": "周末",
        "languages": "普通话, 福州话",
        "motivation": "希望陪伴留守儿童成长。",
        "privacy_consent": "on",
        "background_consent": "on",
    }


def post(client, url, data):
    cache.clear()  # rate limits are tested elsewhere; here every example must reach the form
    return client.post(url, form_body(data), content_type=FORM)


@given(hostile=st.dictionaries(st.sampled_from(APPLICATION_TEXT_FIELDS), hostile_text, min_size=1))
def test_application_survives_hostile_text(client, county, reviewer, hostile):
    user = UserFactory()
    client.force_login(user)
    before = (Application.objects.count(), Transition.objects.count())
    response = post(client, "/volunteer/apply/", {**valid_application(county), **hostile})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        # Refused: nothing stored, every value shown back escaped in the form.
        assert (Application.objects.count(), Transition.objects.count()) == before
        page = response.content.decode()
        for value in hostile.values():
            assert_not_reflected_raw(page, value, echoed=True)
        return
    # Accepted: one complete application with its first transition.
    application = Application.objects.get(user=user)
    assert (Application.objects.count(), Transition.objects.count()) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert application.status == Status.SUBMITTED
    for field in ("real_name", "id_hash", "id_last4", "phone", "occupation", "motivation"):
        assert getattr(application, field), field
    assert application.real_name == as_received(hostile.get("real_name", "林爱心")).strip()
    # Stored payloads come back escaped: on the applicant's page and the reviewer's.
    pages = [client.get("/volunteer/my/")]
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    pages += [
        reviewer_client.get("/volunteer/review/"),
        reviewer_client.get(f"/volunteer/review/{application.pk}/"),
    ]
    for page in pages:
        assert page.status_code == 200
        for value in hostile.values():
            assert_not_reflected_raw(page.content.decode(), value)


@given(
    phone=st.one_of(st.just(""), hostile_text),
    email=st.one_of(st.just(""), hostile_text),
    password=hostile_text.map(lambda text: "Zq9-secret-" + text),
)
def test_sign_up_survives_hostile_text(client, phone, email, password):
    users = get_user_model().objects.count()
    phones = AccountPhone.objects.count()
    response = post(
        client,
        "/accounts/signup/",
        {"phone": phone, "email": email, "password1": password, "password2": password},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (get_user_model().objects.count(), AccountPhone.objects.count()) == (users, phones)
        page = response.content.decode()
        assert_not_reflected_raw(page, phone, echoed=bool(phone))
        assert_not_reflected_raw(page, email, echoed=bool(email))
        assert password not in page and escape(password) not in page  # never echoed
        return
    # Accepted: one user with its phone (unverified until the SMS code) or e-mail address.
    assert get_user_model().objects.count() == users + 1
    user = get_user_model().objects.latest("pk")
    assert AccountPhone.objects.filter(user=user).exists() or user.email
    client.logout()


@given(login=hostile_text, password=hostile_text)
def test_sign_in_survives_hostile_text(client, login, password):
    users = get_user_model().objects.count()
    response = post(client, "/accounts/login/", {"login": login, "password": password})
    assert response.status_code == 200  # refused, with the form again
    assert get_user_model().objects.count() == users
    assert_not_reflected_raw(response.content.decode(), login, echoed=bool(login.strip()))
    assert "_auth_user_id" not in client.session


@given(email=hostile_text)
def test_password_reset_survives_hostile_text(client, email):
    mail.outbox.clear()
    sms.outbox.clear()
    response = post(client, "/accounts/password/reset/", {"email": email})
    assert response.status_code in (200, 302)
    assert mail.outbox == [] and sms.outbox == []  # no account has this address
    if response.status_code == 200:
        assert_not_reflected_raw(response.content.decode(), email)
