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


def test_moving_a_page_reindexes_the_stories_below_it_under_their_new_urls(home_page):
    from wagtail.models import Page

    from content.models import StoryIndexPage

    make_story(title="泰宁县的爱心妈妈", slug="taining-mother")
    assert story_hits("爱心妈妈") == ["/stories/taining-mother/"]
    # An editor moves the whole story list under "about": every story's address changes.
    index = StoryIndexPage.objects.get(locale__language_code="zh-hans")
    about = Page.objects.get(url_path__endswith="/about/", locale=index.locale)
    index.move(about, pos="last-child")
    assert story_hits("爱心妈妈") == ["/about/stories/taining-mother/"]


def test_publishing_a_translation_makes_the_story_findable_in_english(home_page):
    from wagtail.models import Locale

    from content.models import StoryPage

    story = make_story(title="三明的爱心妈妈", slug="sanming-mother")
    assert story_hits("grandmother") == []
    english = story.copy_for_translation(Locale.objects.get(language_code="en"))
    english = StoryPage.objects.get(pk=english.pk)
    english.title = "A grandmother who visits"
    english.save_revision().publish()
    # The Chinese page's document carries the translation's title: found by its English words,
    # still under the one document (the Chinese page's).
    assert story_hits("grandmother") == ["/stories/sanming-mother/"]
    english.refresh_from_db()
    english.unpublish()
    assert story_hits("grandmother") == []
    assert story_hits("爱心妈妈") == ["/stories/sanming-mother/"]
