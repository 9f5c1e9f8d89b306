"""Page types: creation rules, bodies, filters, tags, related stories."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import (
    BrandPage,
    HelpPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PlaqueRegisterPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
)
from directory.models import Level
from tests.factories.content import make_story
from tests.factories.directory import DivisionFactory, ServicePointFactory


class TestCreationRules(WagtailPageTestCase):
    def test_sections_live_under_the_home_page(self):
        for model in (
            StoryIndexPage,
            NewsIndexPage,
            StandardPage,
            HelpPage,
            BrandPage,
            PlaqueRegisterPage,
        ):
            self.assertCanCreateAt(HomePage, model)
        self.assertCanCreateAt(Page, HomePage)

    def test_stories_only_in_the_story_index_and_news_only_in_the_news_index(self):
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(HomePage, StoryPage)
        self.assertCanNotCreateAt(NewsIndexPage, StoryPage)
        self.assertCanNotCreateAt(StoryIndexPage, NewsPage)
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_articles_and_fixed_pages_have_no_children(self):
        for model in (StoryPage, NewsPage, HelpPage, BrandPage, PlaqueRegisterPage):
            self.assertAllowedSubpageTypes(model, set())

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(StoryIndexPage, StandardPage)


def test_one_story_index_per_home(home_page):
    assert not StoryIndexPage.can_create_at(home_page)
    assert not HelpPage.can_create_at(home_page)
    assert StandardPage.can_create_at(home_page)


def test_story_renders_its_stream_blocks(client, home_page):
    point = ServicePointFactory(name="泰宁县儿童关爱服务站", address="泰宁县杉城镇")
    story = make_story(
        title="爱心爸爸老陈",
        body=[
            {"type": "paragraph", "value": "<p>老陈每月都来。</p>"},
            {"type": "quote", "value": {"quote": "孩子们等着我。", "attribution": "老陈"}},
            {"type": "service_point_map", "value": {"service_point": point.pk, "caption": ""}},
            {"type": "volunteer_cta", "value": {"heading": "", "text": ""}},
        ],
    )
    html = client.get(story.url).content.decode()
    assert "<h1>爱心爸爸老陈</h1>" in html
    assert "老陈每月都来。" in html
    assert "孩子们等着我。" in html
    assert "泰宁县儿童关爱服务站" in html and "泰宁县杉城镇" in html
    assert 'href="/volunteer/"' in html
    # The map's enhancement is optional: the card links to the service map without JavaScript.
    assert f'href="/map/?near={point.latitude},{point.longitude}"' in html
    assert "point-map.js" in html


def test_map_block_uses_the_public_location_and_hides_hidden_points(client, home_page):
    township = DivisionFactory(
        code="350429100", level=Level.TOWNSHIP, latitude=26.9, longitude=117.2
    )
    private = ServicePointFactory(
        division=township, latitude=26.95123, longitude=117.25321, location_precision="township"
    )
    hidden = ServicePointFactory(name="隐藏的站点", hidden=True)
    story = make_story(
        body=[
            {"type": "service_point_map", "value": {"service_point": private.pk}},
            {"type": "service_point_map", "value": {"service_point": hidden.pk}},
        ]
    )
    html = client.get(story.url).content.decode()
    assert 'data-lat="26.9"' in html and 'data-lon="117.2"' in html
    assert "26.95123" not in html and "117.25321" not in html
    assert "隐藏的站点" not in html


def test_story_index_filters_by_city_project_and_tag_without_javascript(client, home_page):
    fuzhou = DivisionFactory(code="350100", name="福州市", level=Level.CITY)
    xiamen = DivisionFactory(code="350200", name="厦门市", level=Level.CITY)
    a = make_story(title="福州的故事", city=fuzhou, category="mental_health")
    a.tags.add("暑期")
    a.save_revision().publish()
    make_story(title="厦门的故事", city=xiamen, category="holiday_care")

    def titles(query):
        html = client.get("/stories/" + query).content.decode()
        return {t for t in ("福州的故事", "厦门的故事") if f">{t}</a>" in html}

    assert titles("") == {"福州的故事", "厦门的故事"}
    assert titles("?city=350100") == {"福州的故事"}
    assert titles("?category=holiday_care") == {"厦门的故事"}
    assert titles("?tag=暑期") == {"福州的故事"}
    # Unknown values are ignored rather than failing.
    assert titles("?city=nonsense&category=bogus") == {"福州的故事", "厦门的故事"}
    html = client.get("/stories/?city=350100").content.decode()
    assert '<form class="filters" method="get"' in html
    assert '<option value="350100" selected>' in html


def test_related_stories_share_tags_then_city(client, home_page):
    city = DivisionFactory(code="350400", name="三明市", level=Level.CITY)
    main = make_story(title="主故事", city=city)
    main.tags.add("家访")
    main.save_revision().publish()
    tagged = make_story(title="同标签")
    tagged.tags.add("家访")
    tagged.save_revision().publish()
    same_city = make_story(title="同城市", city=city)
    make_story(title="无关")
    related = main.related_articles()
    assert [p.title for p in related] == ["同标签", "同城市"] or {p.pk for p in related} == {
        tagged.pk,
        same_city.pk,
    }
    html = client.get(main.url).content.decode()
    assert "同标签" in html and "无关" not in html


@pytest.mark.parametrize("path", ["/about/", "/how-to-volunteer/", "/privacy/", "/data-licence/"])
def test_standard_pages_exist_in_both_languages(client, home_page, path):
    assert client.get(path).status_code == 200
    response = client.get("/en" + path)
    assert response.status_code == 200
    assert "not yet available in English" not in response.content.decode()
