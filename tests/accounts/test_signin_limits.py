"""Sign-in protection that fits carrier NAT, on real Redis (the production cache backend).

Found by attacking a deployment from one address (issue 16): five wrong passwords for five
made-up mobile numbers locked every phone account's password sign-in (allauth keyed failures by
e-mail or username, and a phone sign-in has neither); 20 sign-in POSTs an hour from one address
locked out everyone behind it; /admin/login/ took unlimited guesses and skipped TOTP.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from accounts.adapter import login_failure_key
from accounts.models import AccountPhone
from tests.factories.volunteer import UserFactory, add_totp

pytestmark = pytest.mark.django_db

PASSWORD = "x-Long-pass-77"
SHARED_ADDRESS = "198.51.100.7"  # a carrier's address, shared by a whole village


def phone_account(number: str):
    user = get_user_model().objects.create_user(f"u{number[3:]}", password=PASSWORD)
    AccountPhone.objects.create(user=user, phone=number, verified=True)
    return user


def sign_in(client, login: str, password: str):
    return client.post("/accounts/login/", {"login": login, "password": password})


def signed_in(client) -> bool:
    return client.get("/volunteer/my/").status_code == 200


def test_failures_on_five_other_numbers_never_lock_out_a_sixth_account(redis_limits):
    sixth = "+8613912345678"
    phone_account(sixth)
    attacker = Client(REMOTE_ADDR=SHARED_ADDRESS)
    for number in ("13800000001", "13800000002", "13800000003", "13800000004", "13800000005"):
        for _ in range(5):
            assert sign_in(attacker, number, "wrong-guess").status_code == 200
    # The owner of the sixth account, from the same carrier address and from another.
    for address in (SHARED_ADDRESS, "203.0.113.9"):
        owner = Client(REMOTE_ADDR=address)
        assert sign_in(owner, "139 1234 5678", PASSWORD).status_code == 302
        assert signed_in(owner)


def test_five_failures_lock_that_account_alone_for_a_while(redis_limits):
    victim, neighbour = "+8613912345678", "+8613712345678"
    phone_account(victim)
    phone_account(neighbour)
    attacker = Client(REMOTE_ADDR=SHARED_ADDRESS)
    # The same number written three ways counts as one account.
    for written in (
        "13912345678",
        "+86 139 1234 5678",
        "139-1234-5678",
        "13912345678",
        "13912345678",
    ):
        sign_in(attacker, written, "wrong-guess")
    owner = Client(REMOTE_ADDR="203.0.113.9")
    refused = sign_in(owner, "13912345678", PASSWORD)
    assert refused.status_code == 200 and not signed_in(owner)
    assert "登录失败次数过多" in refused.content.decode()
    other = Client(REMOTE_ADDR=SHARED_ADDRESS)
    assert sign_in(other, "13712345678", PASSWORD).status_code == 302


def test_a_shared_address_signs_in_a_village_an_hour(redis_limits):
    """Sixty people behind one address sign in within the hour (the old limit was 20)."""
    numbers = [f"+86137000{n:05d}" for n in range(60)]
    for number in numbers:
        phone_account(number)
    for number in numbers:
        person = Client(REMOTE_ADDR=SHARED_ADDRESS)
        assert sign_in(person, number, PASSWORD).status_code == 302


def test_a_flood_on_admin_login_is_throttled_like_accounts_login(redis_limits, settings):
    settings.VOLUNTEER_RATE_LIMITS = {**settings.VOLUNTEER_RATE_LIMITS, "login": "5/h"}
    staff = UserFactory(is_staff=True, is_superuser=True, email="admin@example.org")
    flood = Client(REMOTE_ADDR=SHARED_ADDRESS)
    statuses = [
        flood.post("/admin/login/", {"login": staff.email, "password": "guess"}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    # The door is one: the flood on /admin/login/ also spent /accounts/login/'s allowance.
    assert sign_in(flood, staff.email, "guess").status_code == 429


def test_admin_sign_in_asks_for_the_authenticator_code(redis_limits):
    staff = UserFactory(is_staff=True, is_superuser=True, email="admin@example.org")
    add_totp(staff)
    client = Client()
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 200 and 'name="login"' in page.content.decode()
    response = client.post(
        "/admin/login/?next=/admin/", {"login": staff.email, "password": "correct-horse-9"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not in before the code


def test_the_failure_key_is_the_normalised_account_and_never_empty():
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=SHARED_ADDRESS)
    same = {
        login_failure_key(request, {"phone": written})
        for written in ("13912345678", "+86 139 1234 5678", "139-1234-5678")
    }
    assert len(same) == 1 and "+8613912345678" in same.pop()
    assert login_failure_key(request, {"email": "Grandma@Example.org"}) == login_failure_key(
        request, {"email": "grandma@example.org "}
    )
    assert login_failure_key(request, {"phone": "13912345678"}) != login_failure_key(
        request, {"phone": "13712345678"}
    )
    assert login_failure_key(request, {}).endswith(SHARED_ADDRESS)
