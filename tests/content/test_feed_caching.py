"""Every feed read with feedparser (the library most readers build on), dated by its newest
item, with an ETag and 304 answers to conditional requests."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from directory.models import DirectoryChange
from tests.factories.content import make_news, make_story
from tests.factories.directory import ServicePointFactory

FEEDS = ["/stories/feed/", "/stories/feed/atom/", "/news/feed/", "/directory/changes.atom"]


def parsed(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def items(home_page):
    """One story, one news item and one directory change, each dated in the past."""
    past = timezone.now() - timedelta(days=40)
    story = make_story(title="已发布的故事", slug="published")
    news = make_news(title="授牌仪式", slug="ceremony")
    for page in (story, news):
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=past, last_published_at=past
        )
    ServicePointFactory(name="新建的站点")
    DirectoryChange.objects.update(changed_at=past)
    return past


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_parses_and_is_dated_by_its_newest_item(client, items, path):
    response = client.get(path)
    feed = parsed(response)
    assert feed.entries
    newest = max(datetime(*e.updated_parsed[:6], tzinfo=UTC) for e in feed.entries)
    built = feed.feed.get("updated_parsed")
    assert datetime(*built[:6], tzinfo=UTC) == newest
    assert response["Last-Modified"] == http_date(newest.timestamp())
    # Forty days old, not the moment of the request.
    assert newest < timezone.now() - timedelta(days=39)


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_answers_304_when_unchanged(client, items, path):
    first = client.get(path)
    assert first["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304 and since["ETag"] == first["ETag"]
    later = http_date((timezone.now() + timedelta(days=365 * 12)).timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date((items - timedelta(days=1)).timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_new_story_changes_the_feed_etag(client, items):
    first = client.get("/stories/feed/")
    make_story(title="又一个故事", slug="another")
    again = client.get("/stories/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_changelog_lists_created_changed_and_removed(client, home_page):
    point = ServicePointFactory(name="变更测试站")
    point.address = "新地址1号"
    point.save()
    gone = ServicePointFactory(name="将被删除的站点")
    gone.delete()
    feed = parsed(client.get("/directory/changes.atom"))
    titles = [e.title for e in feed.entries]
    assert any(t.startswith("新增") for t in titles), titles
    assert any("变更测试站" in t and t.startswith("修改") for t in titles), titles
    assert any("将被删除的站点" in t and t.startswith("删除") for t in titles), titles


def test_empty_changelog_has_a_fixed_date_not_the_request_time(client, db):
    response = client.get("/directory/changes.atom")
    feed = parsed(response)
    assert feed.entries == []
    assert feed.feed.updated_parsed[:3] == (2020, 1, 1)
    assert (
        client.get(
            "/directory/changes.atom", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
        ).status_code
        == 304
    )


def test_demo_data_appears_in_the_changelog(client, fujian_divisions):
    from directory.demo import generate_demo_network

    result = generate_demo_network()
    created = DirectoryChange.objects.filter(model="servicepoint", action="created").count()
    assert created == result.created > 0
