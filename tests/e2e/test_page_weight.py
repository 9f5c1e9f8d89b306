"""Page weight: bytes transferred on a first visit to each main page, as production serves them
(static files gzip-compressed by whitenoise, pages gzip-compressed by the front server), without
map tiles. Target and limit: 250 KB a page, for cheap phones on slow rural connections.

It prints its figures (requests, raw and compressed bytes per page) and fails over the limit.
The data are what `make run` serves: the real Fujian divisions and the demo network.
"""

import gzip
import sys

import pytest
from django.core.management import call_command

from directory.models import ServiceLevel, ServicePoint
from tests.e2e.pages import EXTERNAL, MAIN_PAGES, SignedIn, signed_in_cookie, url_of
from tests.factories.content import make_story
from tests.factories.directory import OrganizationFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT_BYTES = 250 * 1000
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "xml")


def served_size(response) -> tuple[int, int]:
    """(raw, as transferred) bytes of one response: headers plus the body, gzip-compressed when
    production compresses it (whitenoise: level 9 ahead of time; pages: level 6 on the fly)."""
    headers = sum(len(name) + len(value) + 4 for name, value in response.headers.items()) + 20
    try:
        body = response.body()
    except Exception:  # a redirect has no body
        return headers, headers
    content_type = response.headers.get("content-type", "")
    compressed = len(body)
    if any(kind in content_type for kind in COMPRESSIBLE):
        static = "/static/" in response.url
        compressed = min(len(body), len(gzip.compress(body, compresslevel=9 if static else 6)))
    return headers + len(body), headers + compressed


def first_load(browser, url: str, cookies: list[dict]) -> tuple[int, int, int]:
    """(requests, raw bytes, transferred bytes) of a first visit: a fresh browser, no cache."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.route(EXTERNAL, lambda route: route.abort())
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        sizes = [served_size(r) for r in responses if not EXTERNAL.match(r.url)]
    finally:
        context.close()
    return len(sizes), sum(raw for raw, _ in sizes), sum(sent for _, sent in sizes)


@pytest.fixture
def demo_site():
    from content.site_setup import ensure_site
    from impact.snapshot import take_snapshot
    from search import clusters

    clusters.reset_index()
    ensure_site()
    call_command("load_divisions", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    point = ServicePoint.objects.public().filter(level=ServiceLevel.COUNTY).order_by("pk").first()
    story = make_story(
        slug="caring-mother",
        body=[
            {"type": "paragraph", "value": "<p>她每月家访一次，陪孩子做作业。</p>" * 12},
            {"type": "service_point_map", "value": {"service_point": point.pk, "caption": ""}},
            {"type": "volunteer_cta", "value": {"heading": "", "text": ""}},
        ],
    )
    take_snapshot()
    # The demo network has no organisations: one verified organisation with a listing.
    organization = OrganizationFactory(service_area=[point.division])
    ProjectFactory(organization=organization)
    yield {
        "point": str(point.pk),
        "county": point.division.code[:6],
        "story": story.slug,
        "organization": str(organization.pk),
    }
    clusters.reset_index()


def test_every_main_page_weighs_at_most_250_kb_on_first_load(live_server, browser, demo_site):
    signed_in = [signed_in_cookie(live_server.url)]
    rows, over = [], []
    for path in MAIN_PAGES:
        url = live_server.url + url_of(path, demo_site)
        requests, raw, sent = first_load(
            browser, url, signed_in if isinstance(path, SignedIn) else []
        )
        rows.append(
            f"{path:38} {requests:3} requests {raw / 1000:7.1f} KB raw {sent / 1000:6.1f} KB"
        )
        if sent > LIMIT_BYTES:
            over.append(f"{path}: {sent / 1000:.1f} KB")
    sys.stdout.write("\npage weight, first load, compressed as served (limit 250 KB):\n")
    sys.stdout.write("\n".join(rows) + "\n")
    assert not over, f"over {LIMIT_BYTES / 1000:.0f} KB: {over}"
