"""Keyboard alone (Tab, typing, Enter) through the main paths, with a visible focus indicator,
and the elder-friendly mode switched on from the keyboard."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from accounts import sms
from tests.e2e.pages import EXTERNAL, build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """() => {
  const s = getComputedStyle(document.activeElement);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor};
}"""


@pytest.fixture
def keys(page):
    cache.clear()
    sms.outbox.clear()
    page.route(EXTERNAL, lambda route: route.abort())
    yield build_network()
    cache.clear()


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def assert_focus_visible(page) -> None:
    """The focused element shows a real outline, not the browser default switched off."""
    style = page.evaluate(FOCUS_STYLE)
    assert style["style"] != "none" and style["width"] >= 2, style


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def open_menu_by_keyboard(page) -> None:
    """On a phone the main links sit behind the one menu button: Tab to it, press Enter."""
    closed = "details.menu:not([open]) > summary"
    if page.locator(closed).count() and page.locator(closed).is_visible():
        tab_to(page, closed)
        page.keyboard.press("Enter")
        expect(page.locator("details.menu")).to_have_attribute("open", "")


def test_skip_link_navigation_and_language_switch_by_keyboard(live_server, page, keys):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert_focus_visible(page)
    # The skip link comes on screen when it has the focus.
    box = page.locator("a.skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")

    page.goto(live_server.url + "/")
    tab_to(page, "a.lang-switch")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    open_menu_by_keyboard(page)
    tab_to(page, "nav a[href='/en/map/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/map/")
    assert page.locator("h1").inner_text() == "Service map"


def test_map_search_and_its_result_list_by_keyboard(live_server, page, keys):
    page.goto(live_server.url + "/")
    open_menu_by_keyboard(page)
    tab_to(page, "nav a[href='/map/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/map/")
    page.wait_for_load_state("networkidle")

    tab_to(page, "#id_q")
    page.keyboard.type("救助保护")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=%E6%95%91%E5%8A%A9%E4%BF%9D%E6%8A%A4"))
    # A locator wait: the CSP (no 'unsafe-eval') stops wait_for_function's string predicates.
    expect(page.locator(".point-list li")).to_have_count(1)

    tab_to(page, ".point-list .point-name a")
    assert page.evaluate("document.activeElement.textContent") == "泰宁县未成年人救助保护中心"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + f"/directory/points/{keys['point']}/")
    # And on to the printable poster.
    tab_to(page, ".poster-link a")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + f"/directory/points/{keys['point']}/poster/")


def test_a_redrawn_map_list_keeps_the_keyboard_users_place_and_the_search(live_server, page, keys):
    """The list is drawn again by the server when a filter changes or the map is moved; focus
    on one of its links stayed there (it fell to the top of the page, found by CI under load
    when the map's fitting redrew the list), and Tab passing through the map counted as the
    visitor moving it, which bounded the next search to the view."""
    page.goto(live_server.url + "/map/?q=" + "救助保护")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".point-list li")).to_have_count(1)
    tab_to(page, "#id_q")
    tab_to(page, ".point-list .point-name a")  # through the map and its controls
    href = page.evaluate("document.activeElement.getAttribute('href')")

    # Mark the list on screen, then change a filter as a select's change does.
    page.evaluate("document.querySelector('.point-list').setAttribute('data-old', '')")
    page.evaluate(
        "document.getElementById('id_category').dispatchEvent(new Event('change', {bubbles: true}))"
    )
    expect(page.locator(".point-list:not([data-old])")).to_have_count(1)  # redrawn

    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    assert_focus_visible(page)
    assert "bbox=" not in page.url


def test_sign_up_form_by_keyboard(live_server, page, keys):
    page.goto(live_server.url + "/volunteer/")
    tab_to(page, "main a[href='/accounts/signup/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/accounts/signup/")

    tab_to(page, "input[name='phone']")
    page.keyboard.type("139 1234 5678")
    tab_to(page, "input[name='password1']")
    page.keyboard.type("Fulei-volunteer-2026")
    page.keyboard.press("Tab")
    assert focused(page, "input[name='password2']")
    page.keyboard.type("Fulei-volunteer-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/phone/verify/"))
    code = re.search(r"(\d{6})", sms.outbox[-1].message).group(1)
    tab_to(page, "input[name='code']")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/volunteer/my/"))


BODY_FONT = "parseFloat(getComputedStyle(document.body).fontSize)"
IS_ELDER = "document.documentElement.classList.contains('elder')"


def test_elder_mode_switched_on_by_keyboard_is_remembered_and_enlarges_type(
    live_server, page, keys, screenshot
):
    page.goto(live_server.url + "/map/")
    standard = page.evaluate(BODY_FONT)
    open_menu_by_keyboard(page)
    tab_to(page, "a.elder-switch")
    with page.expect_navigation(url=live_server.url + "/map/"):
        page.keyboard.press("Enter")
    assert page.evaluate(IS_ELDER)
    larger = page.evaluate(BODY_FONT)
    assert larger >= 18 and larger > standard
    # Tap targets of at least 44 px: menu links and the search form's controls.
    open_menu_by_keyboard(page)
    for selector in ["nav a", ".map-filters input[type=search]", ".map-filters button"]:
        heights = page.locator(selector).evaluate_all(
            "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 44, (selector, heights)

    screenshot("elder-map")
    page.reload()
    assert page.evaluate(IS_ELDER)
    page.goto(live_server.url + "/en/")
    assert page.evaluate(IS_ELDER)
    assert page.locator("a.elder-switch").first.text_content().strip() == "Standard text"

    open_menu_by_keyboard(page)
    tab_to(page, "a.elder-switch")
    with page.expect_navigation(url=live_server.url + "/en/"):
        page.keyboard.press("Enter")
    assert not page.evaluate(IS_ELDER)
    assert page.evaluate(BODY_FONT) == standard
