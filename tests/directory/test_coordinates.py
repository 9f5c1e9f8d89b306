import math

import prcoords
import pytest
from django.core.exceptions import ValidationError

from directory.coordinates import Datum, in_fujian, parse_datum, to_wgs84
from directory.forms import CoordinateFormMixin
from directory.validators import validate_uscc

# 泰宁县 seat, WGS-84 (GeoNames).
TAINING = (26.9, 117.17)


def metres(a, b) -> tuple[float, float]:
    """(north, east) displacement in metres from a to b, for small distances."""
    north = (b[0] - a[0]) * 111_320
    east = (b[1] - a[1]) * 111_320 * math.cos(math.radians(a[0]))
    return north, east


def test_the_published_coordtransform_reference_pair_matches_prcoords():
    # wandergis/coordtransform README: wgs84togcj02(116.404, 39.915) and bd09togcj02.
    gcj = prcoords.wgs_gcj(prcoords.Coords(39.915, 116.404))
    assert (round(gcj.lat, 8), round(gcj.lon, 8)) == (39.91640428, 116.4102445)
    gcj_from_bd = prcoords.bd_gcj(prcoords.Coords(39.915, 116.404))
    assert (round(gcj_from_bd.lat, 8), round(gcj_from_bd.lon, 8)) == (39.90865674, 116.39762729)


@pytest.mark.parametrize("datum", [Datum.GCJ02, Datum.BD09])
def test_points_from_chinese_maps_come_back_to_wgs84(datum):
    forward = {Datum.GCJ02: prcoords.wgs_gcj, Datum.BD09: prcoords.wgs_bd}[datum]
    shown = forward(prcoords.Coords(*TAINING))
    assert to_wgs84(shown.lat, shown.lon, datum) == pytest.approx(TAINING, abs=2e-6)


def test_gcj02_in_fujian_is_offset_a_few_hundred_metres_south_east_of_wgs84():
    shown = prcoords.wgs_gcj(prcoords.Coords(*TAINING))
    north, east = metres(TAINING, (shown.lat, shown.lon))
    # Amap shows the point south-east of its true place: ~350 m south, ~490 m east.
    assert -450 < north < -250 and 400 < east < 600
    assert 450 < math.hypot(north, east) < 700
    # Typing the Amap point as if it were WGS-84 would misplace the station by that much.
    converted = to_wgs84(shown.lat, shown.lon, Datum.GCJ02)
    assert math.hypot(*metres(TAINING, converted)) < 0.5


def test_bd09_adds_a_further_offset_north_east():
    gcj = prcoords.wgs_gcj(prcoords.Coords(*TAINING))
    bd = prcoords.gcj_bd(gcj)
    north, east = metres((gcj.lat, gcj.lon), (bd.lat, bd.lon))
    assert north > 200 and east > 600


def test_wgs84_is_stored_as_typed():
    assert to_wgs84(26.123456, 118.654321, Datum.WGS84) == (26.123456, 118.654321)


def test_datum_names_from_spreadsheets():
    assert parse_datum("GCJ-02") == Datum.GCJ02
    assert parse_datum("百度") == Datum.BD09
    assert parse_datum("") == Datum.WGS84
    assert parse_datum("mercator") is None


def test_fujian_bounds():
    assert in_fujian(*TAINING)
    assert not in_fujian(39.9, 116.4)  # Beijing
    assert not in_fujian(117.17, 26.9)  # swapped
    assert not in_fujian(float("nan"), 118.0)


class PointForm(CoordinateFormMixin):
    from django import forms

    latitude = forms.FloatField()
    longitude = forms.FloatField()


def test_the_form_converts_an_amap_point_to_wgs84():
    shown = prcoords.wgs_gcj(prcoords.Coords(*TAINING))
    form = PointForm(data={"latitude": shown.lat, "longitude": shown.lon, "datum": "gcj02"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["latitude"], form.cleaned_data["longitude"]) == pytest.approx(
        TAINING, abs=2e-6
    )


def test_the_form_rejects_a_point_outside_fujian_naming_the_field():
    form = PointForm(data={"latitude": 39.9, "longitude": 116.4, "datum": "wgs84"})
    assert not form.is_valid()
    assert "纬度 39.9 不在福建省范围内" in form.errors["latitude"][0]
    assert "longitude" not in form.errors  # 116.4 E is within Fujian's longitudes
    form = PointForm(data={"latitude": 26.0, "longitude": 125.0})
    assert not form.is_valid()
    assert "经度 125.0 不在福建省范围内" in form.errors["longitude"][0]


def test_the_form_catches_swapped_coordinates():
    form = PointForm(data={"latitude": 117.17, "longitude": 26.9})
    assert not form.is_valid()
    assert "没有填反" in form.errors["latitude"][0]


def test_uscc_validation_says_what_is_wrong():
    assert validate_uscc("91110000600037341l") == "91110000600037341L"
    with pytest.raises(ValidationError, match="校验码不符"):
        validate_uscc("91110000600037341A")
    with pytest.raises(ValidationError, match="位数不对"):
        validate_uscc("9111000060003")
