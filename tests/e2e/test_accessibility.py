"""axe-core in Chromium over the main pages, in the standard and the elder-friendly mode.

axe-core comes pinned in the test-only ``axe-playwright-python`` package (its bundled
axe.min.js); it is injected into the page under test by Playwright, never served by the site.
"""

from pathlib import Path

import axe_playwright_python
import pytest

from frontend.display import ELDER_MODE_COOKIE
from tests.e2e.pages import EXTERNAL, MAIN_PAGES, SignedIn, build_network, signed_in_cookie, url_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
FAILING_IMPACTS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Serious and critical axe violations of the page as it is now."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})"
    )
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_no_serious_or_critical_axe_violations_on_the_main_pages(live_server, browser, mode):
    keys = build_network()
    # The axe script is injected by the test, so the site's Content-Security-Policy is bypassed
    # for it alone; the pages themselves are served as they are.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", bypass_csp=True
    )
    context.route(EXTERNAL, lambda route: route.abort())
    if mode == "elder":
        context.add_cookies([{"name": ELDER_MODE_COOKIE, "value": "1", "url": live_server.url}])
    signed_in = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", bypass_csp=True
    )
    signed_in.add_cookies(context.cookies() + [signed_in_cookie(live_server.url)])
    failures = {}
    try:
        for path in MAIN_PAGES:
            page = (signed_in if isinstance(path, SignedIn) else context).new_page()
            response = page.goto(live_server.url + url_of(path, keys))
            assert response.status == 200, path
            # Every page with the site's header carries the mode (the A4 poster has no header).
            if page.locator(".site-header").count():
                elder = page.evaluate("document.documentElement.classList.contains('elder')")
                assert elder == (mode == "elder"), path
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)
            if violations:
                failures[path] = describe(violations)
            page.close()
    finally:
        context.close()
        signed_in.close()
    assert not failures, "\n".join(f"{path}:\n{text}" for path, text in failures.items())
