"""Phones first (issue 19): at 360 px no public page scrolls sideways, the header stays compact,
the menu opens without JavaScript and the help line stays on screen."""

import pytest

from tests.e2e.pages import EXTERNAL, MAIN_PAGES, build_network, signed_in_cookie, url_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740
# Every public page: the shared list plus the ones it leaves out.
PHONE_PAGES = [
    *MAIN_PAGES,
    "/en/opendata/",
    "/en/impact/",
    "/stories/",
    "/news/",
    "/help/",
    "/en/stories/{story}/",
]
# The bar of logo, name, language and menu is one 44 px tap-target row plus padding (≤ 64 px);
# with the one-line help bar under it the whole header stays ≤ 120 px, a sixth of a 740 px
# screen (it took about 290 px of 844 before: a wrapped menu and a wrapped help bar).
HEADER_MAX = 64
HEADER_AND_HELP_MAX = 120

MEASURE = """() => {
  const header = document.querySelector('.site-header');
  const help = document.querySelector('.help-now');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    header: header ? header.getBoundingClientRect().height : null,
    helpBottom: help ? help.getBoundingClientRect().bottom : null,
    helpVisible: help ? help.getBoundingClientRect().height > 0 : null,
  };
}"""


@pytest.fixture
def phone(browser):
    def open_context(javascript: bool = True):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            locale="zh-CN",
            java_script_enabled=javascript,
        )
        context.route(EXTERNAL, lambda route: route.abort())
        return context

    return open_context


def test_no_page_is_wider_than_a_360_px_screen_and_the_header_is_compact(live_server, phone):
    keys = build_network()
    context = phone()
    context.add_cookies([signed_in_cookie(live_server.url)])
    problems = {}
    try:
        for path in PHONE_PAGES:
            page = context.new_page()
            response = page.goto(live_server.url + url_of(path, keys))
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            size = page.evaluate(MEASURE)
            if size["scrollWidth"] > size["clientWidth"]:
                problems[path] = f"{size['scrollWidth']} px wide"
            if size["header"] is not None:  # the A4 poster has no header
                if size["header"] > HEADER_MAX:
                    problems[path] = f"header {size['header']:.0f} px"
                elif not size["helpVisible"] or size["helpBottom"] > HEADER_AND_HELP_MAX:
                    problems[path] = f"header and help end at {size['helpBottom']:.0f} px"
            page.close()
    finally:
        context.close()
    assert problems == {}


def test_the_menu_opens_without_javascript(live_server, phone):
    build_network()
    context = phone(javascript=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu_link = page.locator(".menu nav a[href='/map/']")
    assert not menu_link.is_visible()
    page.locator(".menu > summary").click()
    assert menu_link.is_visible()
    assert page.locator(".help-now a[href^='tel:']").first.is_visible()
    menu_link.click()
    page.wait_for_url(live_server.url + "/map/")
    context.close()


def test_home_search_box_goes_to_the_map(live_server, phone):
    build_network()
    context = phone(javascript=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#home-q", "泰宁")
    page.locator(".home-search button").click()
    page.wait_for_url("**/map/?q=*")
    assert page.locator("#id_q").input_value() == "泰宁"
    context.close()
