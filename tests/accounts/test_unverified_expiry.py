"""Phone sign-ups whose number was never verified expire (issue 16, item 2): before, an account
whose code never arrived stayed for ever and its number could not sign up again."""

import datetime
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import AccountPhone
from audit.models import AuditEntry
from tests.factories.directory import DivisionFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import ApplicationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-77"
User = get_user_model()
# Each sign-up from its own address: three phone sign-ups a minute from one are refused.
ADDRESSES = (f"198.51.100.{n}" for n in itertools.count(10))


def phone_sign_up(number: str, days_ago: int):
    """A real phone sign-up (the code is sent, never typed), made ``days_ago`` days ago."""
    response = Client(REMOTE_ADDR=next(ADDRESSES)).post(
        "/accounts/signup/", {"phone": number, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = AccountPhone.objects.get(phone=f"+86{number}").user
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return user


def run() -> str:
    out = io.StringIO()
    call_command("expire_unverified_accounts", stdout=out)
    return out.getvalue()


def test_an_old_unverified_phone_sign_up_is_deleted_audited_and_its_number_free_again():
    user = phone_sign_up("13912345601", days_ago=4)
    assert "1 unverified phone account(s) older than 3 days deleted" in run()

    assert not User.objects.filter(pk=user.pk).exists()
    assert not AccountPhone.objects.exists()
    entry = AuditEntry.objects.get(action="accounts.expire_unverified")
    assert (entry.actor_id, entry.target_id) == (None, str(user.pk))
    assert "13912345601" not in f"{entry.detail} {entry.path}"
    # The number can sign up again (days later: its 30-second code limit is long over).
    cache.clear()
    phone_sign_up("13912345601", days_ago=0)
    # Cron-safe: a second run finds nothing more to do.
    assert "0 unverified phone account(s)" in run()
    assert AuditEntry.objects.filter(action="accounts.expire_unverified").count() == 1


def test_accounts_within_the_period_verified_or_holding_something_are_kept():
    young = phone_sign_up("13912345602", days_ago=1)
    verified = phone_sign_up("13912345603", days_ago=30)
    AccountPhone.objects.filter(user=verified).update(verified=True)
    applicant = phone_sign_up("13912345604", days_ago=30)
    ApplicationFactory(user=applicant, county=DivisionFactory(level="county"))
    member = phone_sign_up("13912345605", days_ago=30)
    MembershipFactory(user=member)
    signed_in = phone_sign_up("13912345606", days_ago=30)
    User.objects.filter(pk=signed_in.pk).update(last_login=timezone.now())
    staff = phone_sign_up("13912345607", days_ago=30)
    User.objects.filter(pk=staff.pk).update(is_staff=True)

    assert "0 unverified phone account(s)" in run()
    assert set(User.objects.values_list("pk", flat=True)) >= {
        young.pk, verified.pk, applicant.pk, member.pk, signed_in.pk, staff.pk
    }  # fmt: skip
    assert not AuditEntry.objects.filter(action="accounts.expire_unverified").exists()


def test_the_period_is_a_setting(settings):
    settings.ACCOUNTS_UNVERIFIED_PHONE_DAYS = 10
    phone_sign_up("13912345608", days_ago=5)
    old = phone_sign_up("13912345609", days_ago=11)
    assert "1 unverified phone account(s) older than 10 days deleted" in run()
    assert list(AccountPhone.objects.values_list("phone", flat=True)) == ["+8613912345608"]
    assert not User.objects.filter(pk=old.pk).exists()
