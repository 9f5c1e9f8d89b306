"""/map/ follows the search in Chromium: 泰宁 fits the map to Taining county with only its
points, Enter closes the suggestions, the submit button takes the click, and nothing trips the
CSP or the console."""

import re

import pytest
from playwright.sync_api import expect

from content.site_setup import ensure_site
from search import clusters
from tests.search.taining import APPROXIMATE, TAINING_BOX, TAINING_POINTS, taining_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script: Playwright's init scripts are not subject to the CSP.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
# The number a marker stands for: a cluster's count, else one point.
MARKER_COUNTS = """() => {
  const map = document.getElementById('map').getBoundingClientRect();
  return Array.from(document.querySelectorAll('.leaflet-marker-icon')).filter((icon) => {
    const r = icon.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    return x >= map.left && x <= map.right && y >= map.top && y <= map.bottom;
  }).map((icon) => {
    const cluster = icon.querySelector('.mk-cluster');
    return {
      count: cluster ? parseInt(cluster.textContent, 10) : 1,
      approximate: Boolean(icon.querySelector('.mk-approx')),
      sized: !cluster || /(^| )mk-cluster-(s|m|l|xl)( |$)/.test(cluster.className),
      styled: icon.innerHTML.includes('style='),
    };
  });
}"""
LANDS_ON_SUBMIT = """() => {
  const button = document.querySelector('#map-form button[type=submit]');
  button.scrollIntoView({block: 'center'});
  const r = button.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== null && hit.closest('button[type=submit]') === button;
}"""
OVERLAP = """() => {
  const a = document.getElementById('map-suggestions').getBoundingClientRect();
  const b = document.querySelector('#map-form button[type=submit]').getBoundingClientRect();
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}"""


@pytest.fixture
def taining():
    clusters.reset_index()
    points = taining_network()
    yield points
    clusters.reset_index()


def watched(page) -> list[str]:
    """Console errors and script errors of ``page``, as they come."""
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.add_init_script(COLLECT_VIOLATIONS)
    # No test depends on map tiles: a blank tile stands in for the tile server.
    page.route(
        re.compile(r"https?://(?!localhost|127\.0\.0\.1).*"),
        lambda route: route.fulfill(body=PIXEL, content_type="image/png"),
    )
    return problems


def view_bbox(page) -> tuple[float, float, float, float]:
    value = page.locator("#map").get_attribute("data-bbox")
    west, south, east, north = (float(v) for v in value.split(","))
    return west, south, east, north


def test_searching_taining_fits_the_map_to_its_points_only(live_server, page, screenshot, taining):
    ensure_site()
    problems = watched(page)
    page.goto(live_server.url + "/map/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    province = view_bbox(page) if page.locator("#map[data-bbox]").count() else None

    # Type, see suggestions, press Enter: the suggestions close and the search runs.
    page.fill("#id_q", "泰宁")
    expect(page.locator("#map-suggestions li").first).to_be_visible()
    page.press("#id_q", "Enter")
    expect(page.locator("#map-suggestions")).to_be_hidden()
    expect(page.locator(".point-list li")).to_have_count(len(TAINING_POINTS))
    page.locator("#map[data-fitted]").wait_for()
    assert "q=%E6%B3%B0%E5%AE%81" in page.url

    # The map is fitted to Taining: every Taining point in view, none of the others.
    expect(page.locator("#map")).to_have_attribute("data-bbox", re.compile(r"."))
    west, south, east, north = view_bbox(page)
    assert east - west < 1.0 and north - south < 1.0, (west, south, east, north)
    if province:
        assert east - west < province[2] - province[0]
    for key in TAINING_POINTS:
        lat, lon = taining[key].public_location()
        assert west <= lon <= east and south <= lat <= north, key
    for key in ("jiangle", "jiangle_home", "xiamen"):
        point = taining[key]
        assert not (west <= point.longitude <= east and south <= point.latitude <= north), key
    x0, y0, x1, y1 = TAINING_BOX
    assert west < x1 and east > x0 and south < y1 and north > y0

    # The markers drawn for the fitted view stand for exactly Taining's points, with icons
    # sized by class (no style attribute: the CSP would block it).
    fitted = page.locator("#map").get_attribute("data-bbox")
    expect(page.locator("#map")).to_have_attribute("data-drawn", f"{fitted}|{len(TAINING_POINTS)}")
    markers = page.evaluate(MARKER_COUNTS)
    assert sum(m["count"] for m in markers) == len(TAINING_POINTS), markers
    assert all(m["sized"] and not m["styled"] for m in markers), markers

    # The list marks the positions that are only a seat, and gives them no distance.
    approximate = page.locator(".point-list li[data-approximate=true]")
    expect(approximate).to_have_count(len(APPROXIMATE))
    assert all("公里" not in text for text in approximate.all_inner_texts())
    expect(page.locator(".legend .mk-approx")).to_be_visible()

    # The submit button takes the click (nothing lies over it).
    assert page.evaluate(LANDS_ON_SUBMIT)
    page.click("#map-form button[type=submit]")
    expect(page.locator("#map-suggestions")).to_be_hidden()
    expect(page.locator(".point-list li")).to_have_count(len(TAINING_POINTS))
    page.wait_for_load_state("networkidle")
    screenshot("map-taining")

    # Zoomed in, the approximate points have their own marker.
    page.goto(live_server.url + "/map/?q=%E6%B3%B0%E5%AE%81&lat=26.9&lon=117.17&z=16")
    page.locator(".leaflet-marker-icon .mk-approx").first.wait_for()
    page.wait_for_load_state("networkidle")

    problems += page.evaluate("window.__cspViolations")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [360, 1024])
def test_on_a_phone_the_suggestions_never_cover_the_submit_button(
    live_server, page, taining, width
):
    ensure_site()
    problems = watched(page)
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(live_server.url + "/map/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.fill("#id_q", "儿童之家")
    expect(page.locator("#map-suggestions li").first).to_be_visible()
    assert not page.evaluate(OVERLAP)
    assert page.evaluate(LANDS_ON_SUBMIT)
    page.click("#map-form button[type=submit]")  # with the list still open
    expect(page.locator("#map-suggestions")).to_be_hidden()
    # The click ran the search: the four public children's homes are listed.
    expect(page.locator(".result-count")).to_have_attribute("data-count", "4")
    expect(page.locator(".point-list li")).to_have_count(4)
    page.wait_for_load_state("networkidle")
    problems += page.evaluate("window.__cspViolations")
    assert not problems, "\n".join(problems)
