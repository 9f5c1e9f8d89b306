import pytest

from search import service
from search.contract import STORY, SearchQuery
from tests.factories.content import make_story

pytestmark = pytest.mark.django_db(transaction=True)


def story_hits(text: str) -> list[str]:
    result = service.search(SearchQuery(text=text, types=(STORY,)))
    return [hit.document.url for hit in result.hits]


def test_a_published_story_is_found_and_an_unpublished_one_is_not(home_page):
    story = make_story(
        title="泰宁县的爱心妈妈",
        slug="taining-mother",
        body=[{"type": "paragraph", "value": "<p>她每月家访一次。</p>"}],
    )
    # make_story publishes through Wagtail, which fires page_published after the commit.
    assert story_hits("爱心妈妈") == ["/stories/taining-mother/"]
    assert story_hits("taining") == ["/stories/taining-mother/"]

    story.unpublish()
    assert story_hits("爱心妈妈") == []
