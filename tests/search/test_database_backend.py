"""The database backend's large-result path: more matches than it ranks in Python."""

import pytest

from search.backends import database
from search.backends.database import DatabaseBackend
from search.contract import SearchQuery
from tests.search.test_contract import network  # noqa: F401  (the shared fixture)


@pytest.fixture
def few_candidates(monkeypatch):
    # As if the query matched thousands of rows: only 2 are fetched per stage.
    monkeypatch.setattr(database, "CANDIDATES", 2)


def test_title_matches_are_ranked_first_and_count_and_facets_stay_exact(
    db,
    network,  # noqa: F811
    few_candidates,
):
    backend = DatabaseBackend()
    backend.index(network)
    result = backend.search(SearchQuery(text="泰宁", page_size=1))
    assert result.count == 4
    assert result.hits[0].document.key == "service_point:1"
    assert result.facets["type"] == {"service_point": 2, "organization": 1, "project": 1}
    assert result.facets["category"]["mental_health"] == 3
    filtered = backend.search(SearchQuery(text="泰宁", types=("service_point",)))
    assert filtered.count == 2
