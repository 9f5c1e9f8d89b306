"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.timeouts import WAIT_MS

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
# from that thread unless told that this is a test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Playwright's expect() waits 5 s by default, too short on a loaded machine.
expect.set_options(timeout=WAIT_MS)

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # Every context a test opens (phone, desk, no-JavaScript...) waits as long as `page`.
        new_context = browser.new_context

        def new_context_with_wait(*args, **kwargs):
            context = new_context(*args, **kwargs)
            context.set_default_timeout(WAIT_MS)
            return context

        browser.new_context = new_context_with_wait
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # A phone-sized viewport: most visitors are on a phone.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a screenshot under var/test-screenshots for a person to look at."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
