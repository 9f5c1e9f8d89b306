import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import prcoords
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from directory.models import ListingStatus
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ProjectFactory,
    ServicePointFactory,
)

pytestmark = pytest.mark.django_db

# 泰宁县's seat: far enough inside China that GCJ-02 and BD-09 both move it by hundreds of metres.
LAT, LON = 26.90949, 117.16643


@pytest.fixture
def station():
    county = DivisionFactory(code="350429", name="泰宁县", latitude=LAT, longitude=LON)
    return ServicePointFactory(
        division=county, name="杉城镇儿童关爱服务站", latitude=LAT, longitude=LON
    )


def nav_links(html: str) -> dict[str, str]:
    return {
        app: unescape(url)
        for url, app in re.findall(
            r'<a href="([^"]+)" rel="external noopener" data-app="(\w+)"', html
        )
    }


def page(client, point, language="zh-hans") -> str:
    with translation.override(language):
        response = client.get(reverse("directory:point", args=[point.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_navigation_links_carry_each_apps_datum(client, station):
    links = nav_links(page(client, station))
    assert set(links) == {"amap", "baidu", "tencent"}
    gcj = prcoords.wgs_gcj(prcoords.Coords(LAT, LON))
    bd = prcoords.wgs_bd(prcoords.Coords(LAT, LON))
    # The converted points really are elsewhere: a link left in WGS-84 would fail below.
    assert abs(gcj.lat - LAT) + abs(gcj.lon - LON) > 0.002

    amap = parse_qs(urlsplit(links["amap"]).query)
    lon, lat = map(float, amap["position"][0].split(","))
    assert (lat, lon) == pytest.approx((gcj.lat, gcj.lon), abs=1e-6)
    assert links["amap"].startswith("https://uri.amap.com/marker?")

    baidu = parse_qs(urlsplit(links["baidu"]).query)
    lat, lon = map(float, baidu["location"][0].split(","))
    assert (lat, lon) == pytest.approx((bd.lat, bd.lon), abs=1e-6)
    assert baidu["coord_type"] == ["bd09ll"]

    marker = unquote(parse_qs(urlsplit(links["tencent"]).query)["marker"][0])
    lat, lon = map(float, re.match(r"coord:([\d.]+),([\d.]+);", marker).groups())
    assert (lat, lon) == pytest.approx((gcj.lat, gcj.lon), abs=1e-6)
    assert "title:杉城镇儿童关爱服务站" in marker


def test_station_page_has_a_map_on_the_configured_tiles(client, station):
    with override_settings(
        MAP_TILE_URL="https://tiles.example/{z}/{x}/{y}.png", MAP_TILE_DATUM="gcj02"
    ):
        html = page(client, station)
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in html
    assert 'data-tile-datum="gcj02"' in html
    assert f'data-lat="{LAT}"' in html and f'data-lon="{LON}"' in html
    assert "frontend/js/point-map.js" in html
    assert "<script>" not in html  # no inline script for the CSP to refuse


def test_approximate_position_is_said(client, station):
    assert "大致位置" not in page(client, station)
    station.location_approximate = True
    station.save()
    assert "大致位置" in page(client, station)
    assert "Approximate position" in page(client, station, "en")


def test_station_lists_its_published_projects_only(client, station):
    organization = OrganizationFactory()
    shown = ProjectFactory(organization=organization, title="周六儿童课堂")
    shown.service_points.add(station)
    draft = ProjectFactory(organization=organization, title="草稿项目", status=ListingStatus.DRAFT)
    draft.service_points.add(station)
    html = page(client, station)
    assert "周六儿童课堂" in html and reverse("directory:project", args=[shown.pk]) in html
    assert "草稿项目" not in html
    assert reverse("directory:point_poster", args=[station.pk]) in html
