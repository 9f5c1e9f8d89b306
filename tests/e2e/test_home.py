import pytest

from content.site_setup import ensure_site
from directory.models import ServiceLevel
from tests.factories.directory import ServicePointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_by_keyboard_and_in_both_languages(live_server, page, screenshot):
    ensure_site()
    ServicePointFactory.create_batch(2, level=ServiceLevel.TOWNSHIP)

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "福蕾行动计划"
    counts = page.locator(".level-count .count").all_inner_texts()
    assert counts == ["0", "0", "2", "0"]

    # Keyboard only: the first Tab reaches the skip link, Enter moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot("home-zh")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("h1").inner_text() == "Fulei Programme"
    assert page.locator("html").get_attribute("lang") == "en"

    # On a phone the main links sit behind the menu button.
    menu = page.locator("details.menu > summary")
    if menu.is_visible():
        menu.click()
    page.get_by_role("link", name="Service map").first.click()
    assert page.url == live_server.url + "/en/map/"
    assert page.locator("h1").inner_text() == "Service map"
