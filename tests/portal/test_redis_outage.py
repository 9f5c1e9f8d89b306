"""Redis stopped mid-test: the site keeps answering, sign-up and sign-in fail closed.

/healthz reports the cache as down. A real redis-server of the test's own on a free port (the
shared one is never touched), killed in the middle of the test and started again on the same port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from search import clusters
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")
SIGNUP = {"email": "grandma@example.org", "password1": "short", "password2": "short"}
LOGIN = {"login": "grandma@example.org", "password": "wrong-password"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    """redis-server in the foreground, without persistence, on one port."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.025)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisProcess(free_port())
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def production_caches(port: int) -> dict:
    """The production cache configuration (portal/settings/base.py) on a private server."""
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "fulei-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def redis_cache(settings, redis_server):
    """The production cache configuration (portal/settings/base.py) on the private server."""
    settings.CACHES = production_caches(redis_server.port)
    settings.VOLUNTEER_RATE_LIMITS = {**settings.VOLUNTEER_RATE_LIMITS, "signup": "2/h"}
    return redis_server


@pytest.fixture
def site(home_page):
    clusters.reset_index()  # built again from this test's points on the first map request
    taining = DivisionFactory(code="350429", name="泰宁县", latitude=26.9, longitude=117.17)
    yield ServicePointFactory(name="泰宁县儿童关爱服务站", division=taining)
    clusters.reset_index()


def test_redis_stopped_reading_stays_up_and_sign_up_and_sign_in_fail_closed(
    client, redis_cache, site
):
    # With Redis up the limit counts in Redis: the third sign-up in the hour is refused.
    assert client.get("/healthz").json()["cache"]["status"] == "ok"
    statuses = [client.post("/accounts/signup/", SIGNUP).status_code for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]
    cache.clear()

    redis_cache.kill()

    # Reading: public pages and APIs answer as before.
    for path in [
        "/",
        "/en/",
        "/map/",
        f"/directory/points/{site.pk}/",
        "/api/v1/search/?q=%E6%B3%B0%E5%AE%81",
        "/api/v1/map/clusters/?bbox=116,26,118,28&zoom=9",
        "/api/v1/service-points/",
        "/accounts/signup/",
        "/accounts/login/",
    ]:
        assert client.get(path).status_code == 200, path
    clusters = client.get("/api/v1/map/clusters/?bbox=116,26,118,28&zoom=16").json()
    assert [f["properties"]["id"] for f in clusters["features"]] == [site.pk]

    # Sign-up and sign-in: refused with a page that says why, in both languages; never a 500.
    signup = client.post("/accounts/signup/", SIGNUP)
    assert signup.status_code == 503
    assert signup["Retry-After"] == "60"
    assert "暂停" in signup.content.decode()
    login = client.post("/en/accounts/login/", LOGIN)
    assert login.status_code == 503
    assert "paused for a few minutes" in login.content.decode()
    assert client.post("/accounts/login/code/", {"phone": "13912345678"}).status_code == 503
    assert client.post("/accounts/password/reset/", {"email": "x@example.org"}).status_code == 503

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"]["status"] == "error"
    assert health.json()["database"]["status"] == "ok"

    # Redis back on the same port: sign-up is counted again, /healthz is ok.
    redis_cache.start()
    assert client.get("/healthz").json()["cache"]["status"] == "ok"
    assert client.post("/accounts/signup/", SIGNUP).status_code not in (429, 503)


def test_the_resilient_cache_reads_as_empty_and_counters_raise_while_redis_is_down(redis_cache):
    from portal.cache import CACHE_UNAVAILABLE

    cache.set("greeting", "你好")
    assert cache.get("greeting") == "你好"
    redis_cache.kill()

    assert cache.get("greeting", "missing") == "missing"
    assert cache.get_many(["greeting"]) == {}
    cache.set("greeting", "again")  # dropped, not raised
    cache.delete("greeting")
    with pytest.raises(CACHE_UNAVAILABLE):
        cache.incr("counter")
    with pytest.raises(CACHE_UNAVAILABLE):
        cache.add("counter", 1)
