import pytest

from search.backends import BACKENDS
from tests.search.engine.memory_backend import MemoryBackend


@pytest.fixture
def backend(engine_backend):
    """The backend under the contract tests of this folder: the engine.

    These tests copy the essential assertions of the shared contract suite (tests/search/, branch
    issue-4a), which runs over every backend in ``search.backends.BACKENDS``; its ``backend``
    fixture gets the engine from ``request.getfixturevalue("engine_backend")``.
    """
    return engine_backend


@pytest.fixture
def fallback_database(request):
    """The backend that answers when the engine fails: the real database backend once it is
    registered, else an in-memory stand-in with the same interface."""
    if "database" in BACKENDS:
        from django.utils.module_loading import import_string

        request.getfixturevalue("db")
        return import_string(BACKENDS["database"])()
    return MemoryBackend()
