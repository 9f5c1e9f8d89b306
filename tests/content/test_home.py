import re

import pytest
from wagtail.models import Locale, Site

from content.models import BrandSettings, HomePage
from directory.models import ServiceLevel
from tests.factories.directory import ServicePointFactory


@pytest.fixture
def network(db):
    ServicePointFactory.create_batch(3, level=ServiceLevel.TOWNSHIP)
    ServicePointFactory.create_batch(2, level=ServiceLevel.COUNTY)
    ServicePointFactory(level=ServiceLevel.COUNTY, hidden=True)


def level_counts(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', html)]


def test_home_in_chinese_shows_the_programme_and_public_counts(client, home_page, network):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "<h1>福蕾行动计划</h1>" in html
    assert '<span class="label">区域性儿童福利机构</span>' in html
    assert "查找身边的帮助" in html
    # city, county (hidden one not counted), township, village
    assert level_counts(html) == [0, 2, 3, 0]
    assert 'href="/en/"' in html


def test_home_in_english_under_en(client, home_page, network):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Fulei Programme</h1>" in html
    assert "Children&#x27;s care station" in html
    assert level_counts(html) == [0, 2, 3, 0]


def test_english_home_is_a_translation_of_the_chinese_one(home_page):
    english = home_page.get_translation(Locale.objects.get(language_code="en"))
    assert isinstance(english.specific, HomePage)
    assert english.live


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_link_on_the_home_page_answers(client, home_page, prefix):
    html = client.get(f"{prefix}/").content.decode()
    links = set(re.findall(r'href="(/[^"]*)"', html))
    assert {f"{prefix}/map/", f"{prefix}/volunteer/", f"{prefix}/stories/"} <= links
    for link in links:
        # The elder-mode switch answers with a redirect back to the page: follow it.
        assert client.get(link, follow=True).status_code == 200, link


def test_brand_setting_changes_reach_the_page(client, home_page):
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.primary_colour = "#123456"
    brand.programme_name = "福蕾测试品牌"
    brand.save()
    html = client.get("/").content.decode()
    assert "--brand-primary:#123456" in html
    assert "福蕾测试品牌" in html


def test_admin_answers_with_a_login(client, home_page):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_setup_is_idempotent(home_page):
    from content.site_setup import ensure_site

    again = ensure_site()
    assert again.pk == home_page.pk
    assert HomePage.objects.count() == 2  # Chinese and English
