"""An editor writes a story in Wagtail's admin and submits it; the press office approves it; the
story is then in the RSS feed and among the search documents."""

import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from content.models import StoryIndexPage, StoryPage
from content.search_documents import story_documents
from content.site_setup import EDITORS, PRESS_OFFICE, ensure_site
from tests.e2e.guide import guide_shot
from tests.e2e.timeouts import WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "爱心妈妈林阿姨的一年"


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "secret-pw-1")
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, base, username):
    page.context.clear_cookies()
    # The admin signs in through the portal's sign-in (one door): by e-mail address.
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_login", f"{username}@example.org")
    page.fill("#id_password", "secret-pw-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def wait_until(page, condition, seconds=WAIT_MS / 1000):
    """Poll ``condition`` while Playwright serves the page's events (the admin's CSP forbids the
    string evaluation that ``wait_for_function`` uses). Ends as soon as it holds; the ceiling
    is wall-clock time, however slowly the machine runs the polls."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds:.0f} s")
        page.wait_for_timeout(50)


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
    guide_shot(page, "editor-new-story")
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
    guide_shot(page, "press-approve")
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


@pytest.mark.parametrize(
    ("username", "group", "action"),
    [("editor", EDITORS, "action-submit"), ("press", PRESS_OFFICE, "action-publish")],
    ids=["submit-for-moderation", "publish"],
)
def test_action_pressed_while_autosave_is_saving_acts_on_the_one_page_it_made(
    live_server, page, django_user_model, username, group, action
):
    """On a slow connection the editor presses "Submit for moderation" (or the press office
    "Publish") while Wagtail's autosave is still creating the page: the action goes to the page
    the autosave made, not to a second "add" that Wagtail refuses with "slug already in use"."""
    ensure_site()
    make_user(django_user_model, username, group)
    index = StoryIndexPage.objects.get(locale=Locale.get_default())
    base = live_server.url
    sign_in(page, base, username)

    # The autosave request is held, then sent to the server by the test, and its answer reaches
    # the browser only when the test lets it, as over a slow line.
    held = []

    def is_autosave(request):
        return request.method == "POST" and "application/json" in request.headers.get("accept", "")

    def hold_autosave(route):
        if is_autosave(route.request):
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r".*/admin/pages/add/[^/]+/[^/]+/\d+/$"), hold_autosave)
    errors, submits = [], []
    page.on("response", lambda r: r.status >= 500 and errors.append(f"{r.status} {r.url}"))
    page.on(
        "requestfinished",
        lambda r: r.method == "POST" and action in (r.post_data or "") and submits.append(r.url),
    )

    # Wagtail counts edits (and autosaves them) only once it has taken the form's first state.
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.editsWatched = true; })"
    )
    page.goto(f"{base}/admin/pages/add/content/storypage/{index.pk}/")
    wait_until(page, lambda: page.evaluate("() => window.editsWatched === true"))
    # Wait for the autosave request itself (on a loaded machine it came after 10 s), then for
    # the route handler to have taken it.
    with page.expect_request(is_autosave, timeout=WAIT_MS):
        page.fill("#id_title", TITLE)
        page.fill("#id_intro", "林阿姨每月和孩子谈心。")
    wait_until(page, lambda: held)
    autosave = held.pop(0)
    answer = autosave.fetch()
    assert StoryPage.objects.filter(title=TITLE).count() == 1  # the autosave made the draft

    open_footer_menu(page)
    page.locator(f'button[name="{action}"]').click()
    # Let the click's handlers and any form submission they start run to the end of the
    # browser's task queue: a submit that did not wait for the autosave would be sent by now.
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))")
    autosave.fulfill(response=answer)
    # Nothing else is held; a route left in place can stall closing the page mid-navigation.
    page.unroute_all(behavior="ignoreErrors")
    # After the action Wagtail shows the parent's page listing.
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    stories = list(StoryPage.objects.filter(title=TITLE))
    assert len(stories) == 1
    assert submits == [f"{base}/admin/pages/{stories[0].pk}/edit/"]
    assert not page.locator(".help-critical, .w-field__errors .error-message").count()
    if action == "action-submit":
        assert stories[0].workflow_in_progress and not stories[0].live
    else:
        assert stories[0].live
    assert not errors


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
