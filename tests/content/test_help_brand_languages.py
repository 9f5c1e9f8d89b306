"""Help now on every page, the brand setting, the plaque register, English fallback, stories as
search documents."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Site

from content.models import BrandSettings, HelpSettings
from content.plaques import PlaqueEntry
from content.search_documents import story_documents
from content.site_setup import _ensure_translation
from directory.models import Level
from search.contract import STORY, SearchDocument
from tests.factories.content import make_news, make_story
from tests.factories.directory import DivisionFactory, PlaqueFactory, ServicePointFactory


def help_block(html: str) -> str:
    match = re.search(r'<aside class="help-now".*?</aside>', html, re.S)
    assert match, "no help block"
    return match.group(0)


@pytest.fixture
def pages(home_page):
    story = make_story(slug="a-story")
    news = make_news(slug="a-news")
    return {
        "home": "/",
        "home_en": "/en/",
        "standard": "/about/",
        "story": story.url,
        "news": news.url,
        "story index": "/stories/",
        "news index": "/news/",
        "help": "/help/",
        "brand": "/brand/",
        "plaques": "/plaques/",
        "plain Django view": "/map/",
        "plain Django view en": "/en/map/",
    }


def test_hotlines_render_on_every_page_type_without_javascript(client, pages):
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        block = help_block(response.content.decode())
        assert '<a href="tel:12355">' in block, name
        assert '<a href="tel:110">' in block, name
        # Plain links: nothing in the block needs a script.
        assert "<script" not in block and "onclick" not in block, name
        assert 'href="/help/"' in block or 'href="/en/help/"' in block, name


def test_hotlines_are_translated_on_the_english_site(client, pages):
    assert "青少年服务台" in help_block(client.get("/").content.decode())
    assert "Youth service line" in help_block(client.get("/en/").content.decode())


def test_programme_line_is_a_placeholder_until_editors_enter_its_number(client, home_page):
    settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    placeholder = [b.value for b in settings.hotlines if not b.value["number"]]
    assert [p["name"] for p in placeholder] == ["福蕾心理援助热线"]
    assert "福蕾心理援助热线" not in client.get("/").content.decode()


def test_editors_change_the_hotlines_without_a_deploy(client, home_page):
    settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    lines = [dict(b.value) for b in settings.hotlines]
    lines[1]["number"] = "0591-8765 4321"
    settings.hotlines = [("hotline", line) for line in lines]
    settings.save()
    block = help_block(client.get("/about/").content.decode())
    assert '<a href="tel:059187654321">' in block
    assert "0591-8765 4321" in block and "福蕾心理援助热线" in block


def test_help_page_explains_the_lines_and_links_to_the_nearest_station(client, home_page):
    html = client.get("/help/").content.decode()
    main = html[html.index('<main id="main"') :]
    assert "心理疏导" in main  # the description of 12355
    assert 'href="tel:110"' in main
    assert 'href="/map/?near=me"' in main
    english = client.get("/en/help/").content.decode()
    assert 'href="/en/map/?near=me"' in english and "<h1>Get help</h1>" in english


def test_brand_setting_restyles_every_page(client, home_page):
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.primary_colour = "#005a9c"
    brand.accent_colour = "#00a86b"
    brand.text_colour = "#222222"
    brand.slogan = "让每个孩子都被看见"
    brand.save()
    for path in ("/", "/stories/", "/help/", "/map/"):
        html = client.get(path).content.decode()
        assert "--brand-primary:#005a9c;--brand-accent:#00a86b;--text:#222222;" in html, path
        assert "让每个孩子都被看见" in html, path


def test_brand_page_offers_the_logo_files(client, home_page):
    html = client.get("/brand/").content.decode()
    assert 'href="/static/frontend/img/fulei-logo.svg" download="fulei-logo.svg"' in html
    assert client.get("/static/frontend/img/fulei-logo.svg").status_code == 200
    assert "#c8102e" in html


def test_brand_page_offers_uploaded_logo_documents(client, home_page):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    svg = Document.objects.create(
        title="logo svg", file=ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "l.svg")
    )
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.logo_svg = svg
    brand.save()
    html = client.get("/brand/").content.decode()
    assert f'href="{svg.url}" download' in html


def test_untranslated_page_falls_back_to_chinese_with_a_note(client, home_page):
    story = make_story(title="只有中文的故事", slug="chinese-only")
    response = client.get(f"/en{story.url}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>只有中文的故事</h1>" in html
    assert "This page is not yet available in English" in html
    assert '<html lang="en">' in html
    # Screen readers read the Chinese content as Chinese.
    assert '<main id="main" class="wrap" tabindex="-1" lang="zh-Hans">' in html
    # The Chinese page itself carries no note.
    assert "not yet available" not in client.get(story.url).content.decode()


def test_translated_page_is_served_in_english_without_a_note(client, home_page):
    story = make_story(title="中文故事", slug="both")
    _ensure_translation(story, Locale.objects.get(language_code="en"), "An English story")
    html = client.get("/en/stories/both/").content.decode()
    assert "<h1>An English story</h1>" in html
    assert "not yet available" not in html


def test_unknown_page_is_still_a_404_in_english(client, home_page):
    assert client.get("/en/stories/no-such-story/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


@pytest.fixture
def taining_plaque(db):
    county = DivisionFactory(code="350429", name="泰宁县", name_en="Taining County", level="county")
    centre = ServicePointFactory(
        division=county,
        level="county",
        name="泰宁县未成年人救助保护机构",
        name_en="Taining County Minors-Protection Centre",
    )
    return PlaqueFactory(
        service_point=centre,
        number="FL-2026-001",
        awarded_on=datetime.date(2026, 6, 1),
        awarding_body="福建省民政厅",
    )


def test_plaque_register_lists_plaques_with_badges_and_links(client, home_page, taining_plaque):
    html = client.get("/plaques/").content.decode()
    assert '<span class="plaque-badge"' in html and "FL-2026-001" in html
    point_url = f"/directory/points/{taining_plaque.service_point_id}/"
    assert f'<a href="{point_url}">泰宁县未成年人救助保护机构</a>' in html
    assert "福建省民政厅" in html and 'datetime="2026-06-01"' in html
    english = client.get("/en/plaques/").content.decode()
    assert "Taining County Minors-Protection Centre" in english


def test_plaque_register_leaves_out_hidden_centres(client, home_page, taining_plaque):
    centre = taining_plaque.service_point
    centre.is_public = False
    centre.save()
    html = client.get("/en/plaques/").content.decode()
    assert "No plaques have been recorded yet." in html
    assert "plaque-badge" not in html and "FL-2026-001" not in html


def test_plaque_rows_mark_demo_centres():
    entry = PlaqueEntry(
        number="FL-2026-001",
        awarded_on=datetime.date(2026, 6, 1),
        awarding_body="福建省民政厅",
        service_point_name="泰宁县未成年人救助保护机构",
        service_point_name_en="Taining County Minors-Protection Centre",
        division_name="泰宁县",
        url="/directory/points/7/",
        is_demo=True,
    )
    request = RequestFactory().get("/en/plaques/")
    with translation.override("en"):
        html = render_to_string(
            "content/includes/plaque_rows.html", {"plaques": [entry]}, request=request
        )
    assert "FL-2026-001" in html
    assert "(demo)" in html


def test_story_documents_are_live_public_stories_with_english_titles(home_page):
    city = DivisionFactory(code="350400", name="三明市", name_en="Sanming", level=Level.CITY)
    story = make_story(
        title="三明的爱心妈妈",
        slug="sanming",
        city=city,
        category="family_affection",
        body=[{"type": "paragraph", "value": "<p>她每月家访。</p>"}],
    )
    _ensure_translation(story, Locale.objects.get(language_code="en"), "A caring mother")
    draft = make_story(title="草稿", slug="draft", live=False)

    documents = list(story_documents())
    assert [d.id for d in documents] == [str(story.pk)]
    doc = documents[0]
    assert isinstance(doc, SearchDocument) and doc.type == STORY
    assert doc.title == "三明的爱心妈妈" and doc.title_en == "A caring mother"
    assert "她每月家访。" in doc.body and "<p>" not in doc.body
    assert doc.url == "/stories/sanming/"
    assert doc.city_code == "350400" and doc.categories == ("family_affection",)
    assert doc.lat is None and doc.lon is None
    assert list(story_documents(pks=[draft.pk])) == []
    assert [d.id for d in story_documents(pks=[story.pk])] == [str(story.pk)]
