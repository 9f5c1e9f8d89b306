import shutil

import pytest
from django.core.cache import cache

from accounts import sms
from tests.factories.directory import DivisionFactory
from tests.portal.test_redis_outage import REDIS_SERVER, RedisProcess, free_port, production_caches


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
def redis_limits(settings):
    """The production cache backend on a redis-server of the test's own, which the test may
    stop (``kill``) and start again on the same port."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisProcess(free_port())
    server.start()
    before = settings.CACHES
    settings.CACHES = production_caches(server.port)
    yield server
    settings.CACHES = before  # the other fixtures' teardown clears the test cache, not this one
    if server.process.poll() is None:
        server.kill()
