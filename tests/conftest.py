import pytest

from content.site_setup import ensure_site
from portal.directory.divisions import load_divisions
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
