"""One pager (frontend/pagination.html) for every paginated list: the same links, keeping the
list's filters, with the wording each list asks for."""

import re

import pytest

from content.models import StoryIndexPage
from tests.factories.content import make_story
from tests.factories.directory import OrganizationFactory

pytestmark = pytest.mark.django_db


def pager(response) -> str:
    assert "frontend/pagination.html" in [t.name for t in response.templates]
    found = re.search(r'<nav class="pagination".*?</nav>', response.content.decode(), re.S)
    assert found, "no pager on the page"
    return found.group(0)


def test_stories_page_newer_and_older_with_their_filters(client, home_page, monkeypatch):
    monkeypatch.setattr(StoryIndexPage, "per_page", 1)
    for n in range(2):
        story = make_story(title=f"暑期故事{n}", category="holiday_care")
        story.tags.add("暑期")
        story.save_revision().publish()
    make_story(title="别的故事")  # filtered out: two pages, not three

    first = pager(client.get("/stories/", {"category": "holiday_care", "tag": "暑期"}))
    assert 'aria-label="分页"' in first and "第 1 页，共 2 页" in first
    older = "?category=holiday_care&amp;tag=%E6%9A%91%E6%9C%9F&amp;page=2"
    assert f'<a rel="next" href="{older}">' in first
    assert 'rel="prev"' not in first

    second = pager(client.get("/stories/", {"category": "holiday_care", "tag": "暑期", "page": 2}))
    newer = older.replace("page=2", "page=1")
    assert f'<a rel="prev" href="{newer}">较新</a>' in second
    assert "第 2 页，共 2 页" in second and 'rel="next"' not in second


def test_organisations_page_with_their_filters(client, monkeypatch):
    monkeypatch.setattr("organizations.views.PAGE_SIZE", 1)
    OrganizationFactory.create_batch(2, kind="charity")
    OrganizationFactory(kind="volunteer_team")

    first = pager(client.get("/en/organizations/", {"kind": "charity"}))
    assert "Page 1 of 2" in first
    assert '<a rel="next" href="?kind=charity&amp;page=2">Next</a>' in first
    assert 'aria-label="Result pages"' in first
