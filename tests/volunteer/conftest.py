import shutil

import pytest
from django.core.cache import cache

from accounts import sms
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import ReviewerScopeFactory, UserFactory, add_totp


@pytest.fixture(autouse=True)
def clean_state(settings):
    """Each test starts with empty rate-limit counters, SMS outbox and private files."""
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def city(db):
    return DivisionFactory(code="350100", name="福州市", level="city")


@pytest.fixture
def county(city):
    return DivisionFactory(code="350102", name="鼓楼区", level="county", parent=city)


@pytest.fixture
def other_county(db):
    city = DivisionFactory(code="350400", name="三明市", level="city")
    return DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)


@pytest.fixture
def reviewer(county):
    """A county reviewer with TOTP set up, signed in as far as the test client goes."""
    scope = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=True))
    add_totp(scope.user)
    return scope.user


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
