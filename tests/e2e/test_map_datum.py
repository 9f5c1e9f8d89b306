"""A GCJ-02 base map (MAP_TILE_DATUM=gcj02): markers are drawn shifted, the data stays WGS-84."""

import re

import prcoords
import pytest
from playwright.sync_api import expect

from content.site_setup import ensure_site
from directory.models import ServiceLevel
from search import clusters
from tests.factories.directory import DivisionFactory, ServicePointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAINING = (26.905, 117.175)  # WGS-84, as stored

# Leaflet does not publish its maps: record each one as it is made, to read marker positions.
RECORD_MAPS = """
window.__maps = [];
Object.defineProperty(window, "L", {
  configurable: true,
  get: function () { return window.__leaflet; },
  set: function (value) {
    window.__leaflet = value;
    if (value && value.Map && !value.__recorded) {
      value.__recorded = true;
      value.Map.addInitHook(function () { window.__maps.push(this); });
    }
  },
});
"""

MARKER_POSITIONS = """
() => {
  const found = [];
  window.__maps[0].eachLayer((layer) => {
    if (layer instanceof window.L.Marker && layer.options.title) {
      const at = layer.getLatLng();
      found.push([layer.options.title, at.lat, at.lng]);
    }
  });
  return found;
}
"""


@pytest.fixture
def taining_centre():
    clusters.reset_index()
    taining = DivisionFactory(code="350429", name="泰宁县", latitude=26.90, longitude=117.17)
    yield ServicePointFactory(
        name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=taining,
        latitude=TAINING[0], longitude=TAINING[1],
    )  # fmt: skip
    clusters.reset_index()


def markers_at_high_zoom(live_server, page):
    ensure_site()
    page.route(re.compile(r"https?://(?!localhost|127\.0\.0\.1).*"), lambda route: route.abort())
    page.add_init_script(RECORD_MAPS)
    page.goto(f"{live_server.url}/map/?lat={TAINING[0]}&lon={TAINING[1]}&z=16")
    page.wait_for_selector(".leaflet-marker-icon .mk")
    return page.evaluate(MARKER_POSITIONS)


@pytest.mark.parametrize("datum", ["gcj02", "wgs84"])
def test_marker_is_drawn_in_the_datum_of_the_tiles(
    live_server, page, settings, taining_centre, datum
):
    settings.MAP_TILE_DATUM = datum
    [(title, lat, lon)] = markers_at_high_zoom(live_server, page)
    assert title == "泰宁县未成年人救助保护中心"
    if datum == "gcj02":
        expected = prcoords.wgs_gcj(TAINING)
        # About 500 m off the stored point, within a few centimetres of prcoords' GCJ-02.
        assert prcoords.Coords(*TAINING).distance(prcoords.Coords(lat, lon)) > 200
    else:
        expected = TAINING
    assert prcoords.Coords(*expected).distance(prcoords.Coords(lat, lon)) < 0.05

    # What the page puts in its URL and asks the API for stays WGS-84.
    # After a move (a zoom here) map.js writes the view centre into the URL, 5 decimals.
    page.evaluate("window.__maps[0].setZoom(15)")
    expect(page).to_have_url(re.compile(r"lat=\d+\.\d{5}&"))  # no string predicates under the CSP
    shared = dict(re.findall(r"(lat|lon)=([0-9.]+)", page.url))
    assert abs(float(shared["lat"]) - TAINING[0]) < 1e-4
    assert abs(float(shared["lon"]) - TAINING[1]) < 1e-4
