"""An editor writes a story in Wagtail's admin and submits it; the press office approves it; the
story is then in the RSS feed and among the search documents."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from content.models import StoryIndexPage, StoryPage
from content.search_documents import story_documents
from content.site_setup import EDITORS, PRESS_OFFICE, ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "爱心妈妈林阿姨的一年"


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "secret-pw-1")
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pw-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def open_footer_menu(page):
    toggle = page.locator("footer .w-dropdown__toggle").first
    toggle.click()


def test_story_goes_through_the_workflow_into_the_feed(
    live_server, page, screenshot, django_user_model
):
    ensure_site()
    make_user(django_user_model, "editor", EDITORS)
    make_user(django_user_model, "press", PRESS_OFFICE)
    index = StoryIndexPage.objects.get(locale=Locale.get_default())
    base = live_server.url

    # The editor writes the story and submits it for approval.
    sign_in(page, base, "editor")
    page.goto(f"{base}/admin/pages/add/content/storypage/{index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_intro", "林阿姨每月和孩子谈心，每季度家访一次。")
    open_footer_menu(page)
    page.locator('button[name="action-submit"]').click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$|.*/admin/pages/\d+/$"))
    story = StoryPage.objects.get(title=TITLE)
    assert story.workflow_in_progress and not story.live
    screenshot("story-submitted")

    # Not yet public: neither the page nor the feed shows it.
    assert TITLE not in page.request.get(base + "/stories/feed/").text()

    # The press office approves it from the edit page.
    sign_in(page, base, "press")
    page.goto(f"{base}/admin/pages/{story.pk}/edit/")
    open_footer_menu(page)
    page.locator('button[data-workflow-action-name="approve"]').first.click()
    page.wait_for_load_state()
    story.refresh_from_db()
    assert story.live
    screenshot("story-approved")

    # The public reads it in the feed (as a parsed RSS document) and on its page.
    feed = ET.fromstring(page.request.get(base + "/stories/feed/").body())
    titles = [item.findtext("title") for item in feed.iter("item")]
    assert titles == [TITLE]
    page.goto(feed.find("channel/item/link").text.replace("http://testserver", base))
    assert page.locator("h1").inner_text() == TITLE
    # Search: this branch has no search registry yet; the story is among the documents the
    # registry will index.
    assert [d.title for d in story_documents()] == [TITLE]


def test_help_block_and_station_card_work_without_javascript(live_server, browser):
    from tests.factories.content import make_story
    from tests.factories.directory import ServicePointFactory

    ensure_site()
    point = ServicePointFactory(name="泰宁县儿童关爱服务站")
    story = make_story(
        title="服务站的一天",
        body=[{"type": "service_point_map", "value": {"service_point": point.pk}}],
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="zh-CN"
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + story.url)
        lines = page.locator(".help-now a[href^='tel:']")
        assert lines.count() == 2
        assert lines.first.is_visible()
        assert lines.first.get_attribute("href") == "tel:12355"
        card = page.locator(".point-map-card")
        assert "泰宁县儿童关爱服务站" in card.inner_text()
        assert card.locator("a", has_text="在服务地图上查看").is_visible()
        assert page.locator(".point-map-canvas").count() == 0
    finally:
        context.close()


def test_station_card_gains_a_leaflet_map_with_javascript(live_server, page):
    from tests.factories.content import make_story
    from tests.factories.directory import ServicePointFactory

    ensure_site()
    point = ServicePointFactory(name="泰宁县儿童关爱服务站")
    story = make_story(
        title="服务站的一天",
        body=[{"type": "service_point_map", "value": {"service_point": point.pk}}],
    )
    # No test needs tiles: refuse them so the test never reaches the internet.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    page.goto(live_server.url + story.url)
    page.wait_for_selector(".point-map-canvas.leaflet-container")
    assert page.locator(".leaflet-interactive").count() == 1
