"""Coordinates typed or imported in China's datums, converted to the WGS-84 we store.

Maps in mainland China show GCJ-02 (Amap, Tencent) or BD-09 (Baidu) coordinates, offset from
WGS-84 by a few hundred metres; a point copied from them must be converted, not stored as is.
The conversion is prcoords's (its "bored" inverses iterate to sub-millimetre precision).
"""

from __future__ import annotations

import math

import prcoords
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Datum(models.TextChoices):
    WGS84 = "wgs84", _("WGS-84 (GPS, OpenStreetMap, Tianditu)")
    GCJ02 = "gcj02", _("GCJ-02 (Amap, Tencent Maps)")
    BD09 = "bd09", _("BD-09 (Baidu Maps)")


# Spellings seen in spreadsheets, for the importer's `datum` column.
DATUM_ALIASES = {
    "": Datum.WGS84,
    "wgs84": Datum.WGS84,
    "wgs-84": Datum.WGS84,
    "gps": Datum.WGS84,
    "gcj02": Datum.GCJ02,
    "gcj-02": Datum.GCJ02,
    "amap": Datum.GCJ02,
    "gaode": Datum.GCJ02,
    "高德": Datum.GCJ02,
    "tencent": Datum.GCJ02,
    "腾讯": Datum.GCJ02,
    "bd09": Datum.BD09,
    "bd-09": Datum.BD09,
    "baidu": Datum.BD09,
    "百度": Datum.BD09,
}


def parse_datum(text: str | None) -> Datum | None:
    """The datum named by ``text`` (case and dashes ignored), or None when unknown."""
    return DATUM_ALIASES.get((text or "").strip().lower())


def to_wgs84(latitude: float, longitude: float, datum: str) -> tuple[float, float]:
    """(latitude, longitude) in WGS-84, rounded to 6 decimals (~0.1 m)."""
    point = prcoords.Coords(latitude, longitude)
    if datum == Datum.GCJ02:
        point = prcoords.gcj_wgs_bored(point)
    elif datum == Datum.BD09:
        point = prcoords.bd_wgs_bored(point)
    elif datum != Datum.WGS84:
        raise ValueError(f"unknown datum {datum!r}")
    return round(point.lat, 6), round(point.lon, 6)


def in_fujian(latitude: float, longitude: float) -> bool:
    """Whether the point lies inside settings.FUJIAN_BOUNDS (Fujian with a margin for islands)."""
    bounds = settings.FUJIAN_BOUNDS
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return (
        bounds["south"] <= latitude <= bounds["north"]
        and bounds["west"] <= longitude <= bounds["east"]
    )


def bounds_text() -> str:
    bounds = settings.FUJIAN_BOUNDS
    return f"{bounds['south']}–{bounds['north']} N, {bounds['west']}–{bounds['east']} E"
