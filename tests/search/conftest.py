"""The ``backend`` fixture: every backend in search.backends.BACKENDS, so the contract suite
(test_contract.py) runs unchanged against each. Adding a backend means adding one branch below."""

import pytest
from django.utils.module_loading import import_string

from search.backends import BACKENDS


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, db):
    # Every backend gets the test database: the database backend keeps its index there (emptied
    # by each test's rollback) and an engine backend falls back to it.
    name = request.param
    if name == "database":
        yield import_string(BACKENDS[name])()
    elif name == "elasticsearch":
        # A fresh prefixed index on osmem-server (or on ELASTICSEARCH_URL's real cluster).
        yield request.getfixturevalue("engine_backend")
    else:  # pragma: no cover - a new backend must say how to start and clean it
        pytest.fail(f"no fixture branch for search backend {name!r}")
