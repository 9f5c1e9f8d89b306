"""accounts.notify: the one place that chooses e-mail or SMS for a message to a person."""

import pytest
from django.core import mail

from accounts import sms
from accounts.models import AccountPhone
from accounts.notify import notify
from tests.factories.volunteer import UserFactory

pytestmark = pytest.mark.django_db


def test_an_account_with_an_address_gets_an_email_and_no_text():
    user = UserFactory(email="a@example.org")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    assert notify(user, "Subject", "Hello") is True
    assert [m.to for m in mail.outbox] == [["a@example.org"]] and sms.outbox == []


def test_an_account_without_an_address_gets_a_text_on_its_verified_number():
    user = UserFactory(email="")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    assert notify(user, "Subject", "Hello") is True
    assert [(m.phone, m.message) for m in sms.outbox] == [("+8613912345678", "Hello")]


def test_an_unverified_number_gets_nothing():
    user = UserFactory(email="")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=False)
    assert notify(user, "Subject", "Hello") is False
    assert sms.outbox == [] and mail.outbox == []


def test_a_refusing_gateway_is_reported_not_raised(settings):
    settings.SMS_BACKEND = "accounts.sms.HttpJsonSmsSender"
    settings.SMS_PROVIDER_URL = ""  # the sender refuses: no gateway configured
    user = UserFactory(email="")
    AccountPhone.objects.create(user=user, phone="+8613912345678", verified=True)
    assert notify(user, "Subject", "Hello") is False


def test_an_env_file_naming_the_old_volunteer_sender_still_works(monkeypatch):
    """SMS_BACKEND=volunteer.sms.* was the documented value before accounts/ existed."""
    import importlib

    import portal.settings.base as base

    monkeypatch.setenv("SMS_BACKEND", "volunteer.sms.HttpJsonSmsSender")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.SMS_BACKEND == "accounts.sms.HttpJsonSmsSender"
    finally:
        monkeypatch.delenv("SMS_BACKEND")
        importlib.reload(base)
