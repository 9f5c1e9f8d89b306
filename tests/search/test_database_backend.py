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


def test_facets_of_many_matches_follow_changes_and_removals(
    db,
    network,  # noqa: F811
    few_candidates,
):
    from dataclasses import replace

    backend = DatabaseBackend()
    backend.index(network)
    before = backend.search(SearchQuery(text="泰宁"))
    point = next(d for d in network if d.key == "service_point:1")
    backend.index([replace(point, type="service_point", level="city", categories=("elderly",))])
    backend.remove("organization", [next(d.id for d in network if d.type == "organization")])
    after = backend.search(SearchQuery(text="泰宁"))
    assert after.count == before.count - 1
    assert "organization" not in after.facets["type"]
    assert after.facets["level"]["city"] == before.facets["level"].get("city", 0) + 1
    assert after.facets["category"]["elderly"] == before.facets["category"].get("elderly", 0) + 1
    # Exactly what counting the rows in SQL gives.
    match = backend._match(database.text.query_groups("泰宁"), title_only=False, any_group=False)
    assert after.facets == backend._sql_facets(match, [], [])
