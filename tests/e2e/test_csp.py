"""The Content-Security-Policy in Chromium: no public page and no admin page we rely on
trips it, and nothing else goes wrong in the console either."""

import re

import pytest
from django.test import Client

from content.site_setup import ensure_site
from directory.models import Level, ServiceLevel
from search import clusters
from tests.e2e.timeouts import WAIT_MS
from tests.factories.directory import DivisionFactory, ServicePointFactory
from tests.factories.volunteer import UserFactory, add_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script: Playwright's init scripts are not subject to the CSP.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile || ''}:${e.lineNumber || ''}`);
});
"""
# A 1x1 transparent PNG stands in for the (unreachable) tile server.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def point():
    clusters.reset_index()
    city = DivisionFactory(
        code="350400", name="三明市", level=Level.CITY, latitude=26.26, longitude=117.64
    )
    county = DivisionFactory(
        code="350429", name="泰宁县", parent=city, latitude=26.9, longitude=117.17
    )
    centre = ServicePointFactory(
        name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=county,
        latitude=26.905, longitude=117.175,
    )  # fmt: skip
    yield centre
    clusters.reset_index()


def signed_in(browser, user):
    """A browser context carrying ``user``'s session (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    return context, client.cookies["sessionid"].value


def visit(context, live_server, path: str, session: str | None = None) -> list[str]:
    """Open ``path``; return its CSP violations and console errors."""
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.add_init_script(COLLECT_VIOLATIONS)
    tiles = re.compile(r"https://([a-z]+\.)?tile\.openstreetmap\.org/.*")
    page.route(tiles, lambda route: route.fulfill(body=PIXEL, content_type="image/png"))
    response = page.goto(live_server.url + path)
    assert response.status < 400, f"{path}: {response.status}"
    assert response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")
    problems += page.evaluate("window.__cspViolations")
    page.close()
    return problems


def test_public_pages_and_the_admin_run_under_the_csp_without_a_violation(
    live_server, browser, point
):
    home = ensure_site()
    volunteer = UserFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    add_totp(admin)
    found: dict[str, list[str]] = {}

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    public = [
        "/",
        "/map/",
        f"/directory/points/{point.pk}/",
        "/opendata/",
        "/impact/",
        "/organizations/",
        "/en/",
        "/api/docs/",
    ]
    for path in public:
        found[path] = visit(context, live_server, path)
    context.close()

    context, session = signed_in(browser, volunteer)
    found["/volunteer/apply/"] = visit(context, live_server, "/volunteer/apply/", session)
    context.close()

    context, session = signed_in(browser, admin)
    for path in ["/admin/", "/admin/audit/", "/admin/pages/", f"/admin/pages/{home.pk}/edit/"]:
        found[path] = visit(context, live_server, path, session)
    context.close()

    report = "\n".join(f"{path}: {problem}" for path, ps in found.items() for problem in ps)
    assert not report, report
