"""Behind nginx (production settings): each visitor has their own limit, a unix socket no 500."""

import pytest

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "x@example.org", "password1": "short", "password2": "short"}


@pytest.fixture
def behind_proxy(settings):
    settings.RATELIMIT_IP_META_KEY = "accounts.ratelimits.client_ip"
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    settings.VOLUNTEER_RATE_LIMITS = {**settings.VOLUNTEER_RATE_LIMITS, "signup": "1/h"}


def test_visitors_behind_the_proxy_are_limited_one_by_one(client, behind_proxy):
    # On a unix socket REMOTE_ADDR is empty; nginx passes the visitor in X-Real-IP.
    first = {"REMOTE_ADDR": "", "HTTP_X_REAL_IP": "203.0.113.7"}
    assert client.post("/accounts/signup/", SIGNUP, **first).status_code == 200
    assert client.post("/accounts/signup/", SIGNUP, **first).status_code == 429
    other = {"REMOTE_ADDR": "", "HTTP_X_REAL_IP": "198.51.100.4"}
    assert client.post("/accounts/signup/", SIGNUP, **other).status_code == 200


def test_a_garbled_address_header_is_not_a_500(client, behind_proxy):
    response = client.post("/accounts/signup/", SIGNUP, REMOTE_ADDR="", HTTP_X_REAL_IP="<script>")
    assert response.status_code < 500
