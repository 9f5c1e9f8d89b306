import pytest
from hypothesis import HealthCheck, settings

from content.site_setup import ensure_site
from directory.divisions import load_divisions
from tests.factories.volunteer import add_totp


@pytest.fixture
def home_page(db):
    """The site's page tree as `make run` builds it: Chinese home, English translation, sections."""
    return ensure_site()


@pytest.fixture
def fujian_divisions(db):
    """The real 1,200 Fujian divisions, loaded from the shipped file."""
    load_divisions()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the TOTP that staff need to reach the admin."""
    add_totp(admin_user)
    return admin_user


# Search-engine fixtures (osmem, engine_backend, ...) for every test package that needs them.
pytest_plugins = ["tests.search.engine.fixtures"]


# Property-based tests: a bounded run in CI (`make test`), a deeper one on demand with
# `pytest --hypothesis-profile=deep`. No deadline: CI machines are shared and slow; no example
# database: runs leave no files behind.
_HYPOTHESIS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
# CI runs the same examples every time (a gate must not pass or fail by chance); `deep` draws new
# ones on each run, to find what the fixed set misses.
settings.register_profile("ci", max_examples=30, derandomize=True, **_HYPOTHESIS)
settings.register_profile("deep", max_examples=500, **_HYPOTHESIS)
settings.load_profile("ci")
