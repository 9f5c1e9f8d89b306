import shutil

import pytest
from django.core.cache import cache

from accounts import sms
from tests.factories.directory import DivisionFactory


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
