import re
from html import unescape

import pytest
from django.utils import translation

from content.demo import generate_demo_articles
from content.models import StoryPage
from tests.factories.directory import ServicePointFactory

pytestmark = pytest.mark.django_db

SLUG = "demo-caring-mother-taining"


@pytest.fixture
def stories(home_page):
    generate_demo_articles()
    english = StoryPage.objects.get(slug=SLUG, locale__language_code="en")
    # A translated slug, as editors often give one: the switch must follow the translation,
    # not guess the URL by swapping the language prefix.
    english.slug = "caring-mother-in-taining"
    english.save()
    return StoryPage.objects.get(slug=SLUG, locale__language_code="zh-hans"), english


def switch_href(html: str) -> str:
    return unescape(re.search(r'class="lang-switch" href="([^"]+)"', html).group(1))


def head(html: str) -> str:
    return html.split("</head>")[0]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_switch_from_a_chinese_story_opens_its_english_translation(client, stories):
    chinese, english = stories
    href = switch_href(get(client, chinese.url))
    assert href == "/en/stories/caring-mother-in-taining/"
    html = get(client, href)
    assert "A caring mother in Taining" in html
    assert "not yet available in English" not in html


def test_switch_from_the_english_story_opens_the_chinese_one(client, stories):
    chinese, english = stories
    with translation.override("en"):
        html = get(client, english.url)
    href = switch_href(html)
    assert href == chinese.url
    assert "泰宁的爱心妈妈" in get(client, href)


def test_switch_from_an_untranslated_story_opens_the_english_home(client, stories):
    untranslated = StoryPage.objects.get(slug="demo-reading-corner")
    assert not untranslated.get_translations().exists()
    href = switch_href(get(client, untranslated.url))
    assert href == "/en/"
    assert client.get(href).status_code == 200


def test_hreflang_alternates_list_the_versions_that_exist(client, stories):
    chinese, english = stories
    html = head(get(client, chinese.url))
    assert f'hreflang="en" href="http://testserver{english.url}"' in html
    assert f'hreflang="zh-Hans" href="http://testserver{chinese.url}"' in html
    assert 'hreflang="x-default"' in html
    untranslated = head(get(client, StoryPage.objects.get(slug="demo-reading-corner").url))
    assert 'hreflang="en"' not in untranslated


def test_home_title_names_the_programme_once(client, home_page):
    html = head(get(client, "/"))
    assert "<title>福蕾行动计划</title>" in html
    assert "<title>Fulei Programme</title>" in head(get(client, "/en/"))


@pytest.mark.parametrize("url", ["/map/", "/opendata/", "/impact/", "/en/map/", "/directory/"])
def test_every_page_has_a_description_opengraph_and_alternates(client, home_page, url):
    html = head(get(client, url))
    title = re.search(r"<title>([^<]+)</title>", html).group(1)
    assert " · " in title and title.count("福蕾行动计划") + title.count("Fulei Programme") == 1
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:locale"):
        assert f'property="{prop}"' in html, prop
    assert 'hreflang="zh-Hans"' in html and 'hreflang="en"' in html


def test_station_page_description_says_what_and_where(client, home_page):
    point = ServicePointFactory(address="泰宁县杉城镇状元街8号")
    html = head(get(client, f"/directory/points/{point.pk}/"))
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert "儿童关爱服务站" in description and "泰宁县杉城镇状元街8号" in description
