"""The offline geocoder over our divisions, behind geopy's interface."""

import pytest
from django.test import override_settings
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from directory.models import Level
from directory.names import english_name
from search.geocoding import DivisionGeocoder, geocode_place, get_geocoder
from tests.factories.directory import DivisionFactory

pytestmark = pytest.mark.django_db


def division(code, name, level, parent=None, lat=26.0, lon=118.0):
    return DivisionFactory(
        code=code, name=name, name_en=english_name(name), level=level, parent=parent,
        latitude=lat, longitude=lon,
    )  # fmt: skip


@pytest.fixture
def gazetteer():
    sanming = division("350400", "三明市", Level.CITY, lat=26.26, lon=117.64)
    taining = division("350429", "泰宁县", Level.COUNTY, sanming, 26.90, 117.17)
    division("350429100", "杉城镇", Level.TOWNSHIP, taining, 26.89, 117.16)
    fuzhou = division("350100", "福州市", Level.CITY, lat=26.07, lon=119.30)
    division("350105", "马尾区", Level.COUNTY, fuzhou, 26.08, 119.54)
    division("350112", "长乐区", Level.COUNTY, fuzhou, 25.96, 119.52)
    division("350200", "厦门市", Level.CITY, lat=24.48, lon=118.09)
    # A township that shares a county's stem: the county (higher level) wins "泰宁".
    division("350429101", "泰宁镇", Level.TOWNSHIP, taining, 26.95, 117.20)


@pytest.mark.parametrize(
    ("query", "address", "point"),
    [
        ("泰宁县", "福建省三明市泰宁县", (26.90, 117.17)),
        ("泰宁", "福建省三明市泰宁县", (26.90, 117.17)),
        ("taining", "福建省三明市泰宁县", (26.90, 117.17)),
        ("Taining County", "福建省三明市泰宁县", (26.90, 117.17)),
        ("  TAINING  ", "福建省三明市泰宁县", (26.90, 117.17)),
        ("杉城镇", "福建省三明市泰宁县杉城镇", (26.89, 117.16)),
        ("shancheng", "福建省三明市泰宁县杉城镇", (26.89, 117.16)),
        ("mawei", "福建省福州市马尾区", (26.08, 119.54)),  # 尾 read "wei", as people say it
        ("马尾", "福建省福州市马尾区", (26.08, 119.54)),
        ("changle", "福建省福州市长乐区", (25.96, 119.52)),  # 长 read "chang"
        ("xiamen", "福建省厦门市", (24.48, 118.09)),
        ("Xiamen City", "福建省厦门市", (24.48, 118.09)),
        ("福建省三明市泰宁县", "福建省三明市泰宁县", (26.90, 117.17)),
    ],
)
def test_places_by_chinese_pinyin_and_english_names(gazetteer, query, address, point):
    location = DivisionGeocoder().geocode(query)
    assert isinstance(location, Location)
    assert location.address == address
    assert (location.latitude, location.longitude) == point


@pytest.mark.parametrize("query", ["", "   ", "上海", "nowhere", "x"])
def test_unknown_places_give_none(gazetteer, query):
    assert DivisionGeocoder().geocode(query) is None


def test_several_matches_when_asked(gazetteer):
    locations = DivisionGeocoder().geocode("泰宁", exactly_one=False)
    assert [loc.raw["code"] for loc in locations] == ["350429", "350429101"]


def test_the_geocoder_is_a_setting(gazetteer):
    assert isinstance(get_geocoder(), DivisionGeocoder)
    assert isinstance(get_geocoder(), Geocoder)
    with override_settings(MAP_GEOCODER="tests.search.test_map_geocoder.FailingGeocoder"):
        assert geocode_place("泰宁") is None  # an online geocoder failing: no crash


class FailingGeocoder(Geocoder):
    def geocode(self, query, **kwargs):
        from geopy.exc import GeocoderUnavailable

        raise GeocoderUnavailable("down")
