"""RSS/Atom feeds, sitemap.xml and share metadata."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale

from content.site_setup import _ensure_translation
from tests.factories.content import make_news, make_story

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = channel.findall("item")
    for item in items:
        assert item.findtext("title") and item.findtext("link") and item.findtext("pubDate")
    return channel, items


def test_story_feed_is_valid_rss_with_live_stories_only(client, home_page):
    make_story(title="已发布的故事", slug="published")
    make_story(title="草稿", slug="draft", live=False)
    channel, items = rss_items(client.get("/stories/feed/"))
    assert channel.findtext("title") == "爱心故事"
    assert [i.findtext("title") for i in items] == ["已发布的故事"]
    assert items[0].findtext("link") == "http://testserver/stories/published/"


def test_news_feed_is_valid_rss(client, home_page):
    make_news(title="授牌仪式", slug="ceremony")
    _, items = rss_items(client.get("/news/feed/"))
    assert [i.findtext("title") for i in items] == ["授牌仪式"]


def test_atom_feed_is_valid_atom(client, home_page):
    make_story(title="已发布的故事", slug="published")
    response = client.get("/stories/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    for required in ("id", "title", "updated"):
        assert entries[0].findtext(f"{ATOM}{required}"), required
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/stories/published/")


def test_english_feed_lists_english_stories(client, home_page):
    story = make_story(title="爱心妈妈", slug="mother")
    _ensure_translation(story, Locale.objects.get(language_code="en"), "A caring mother")
    channel, items = rss_items(client.get("/en/stories/feed/"))
    assert channel.findtext("title") == "Stories"
    assert [i.findtext("title") for i in items] == ["A caring mother"]
    assert items[0].findtext("link") == "http://testserver/en/stories/mother/"


def test_index_page_advertises_its_feed(client, home_page):
    html = client.get("/stories/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/stories/feed/"' in html


def test_sitemap_lists_pages_in_both_languages(client, home_page):
    story = make_story(title="公开故事", slug="public-story")
    make_story(title="草稿", slug="draft-story", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    # Absolute URLs on the site's configured host (Wagtail's Site record).
    locations = {urlsplit(url.findtext(f"{ns}loc")).path for url in root.findall(f"{ns}url")}
    assert {
        "/",
        "/en/",
        "/stories/",
        "/en/stories/",
        "/help/",
        "/en/help/",
        story.url,
    } <= locations
    assert not any("draft-story" in loc for loc in locations)


@pytest.mark.parametrize("path", ["/", "/stories/", "/help/"])
def test_pages_carry_opengraph_tags(client, home_page, path):
    html = client.get(path).content.decode()
    assert '<meta property="og:title"' in html
    assert f'<meta property="og:url" content="http://testserver{path}">' in html


def test_story_share_metadata_uses_its_summary(client, home_page):
    story = make_story(title="分享的故事", intro="一句话简介。")
    html = client.get(story.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="一句话简介。">' in html
