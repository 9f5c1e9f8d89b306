""" "Navigate" links for a station: Amap, Baidu Maps and Tencent Maps, each in its own datum.

We store WGS-84; Amap and Tencent Maps read GCJ-02 and Baidu Maps BD-09, so a WGS-84 point
given to them as is lands a few hundred metres off. The conversion is prcoords's, as everywhere
else in the portal (directory/coordinates.py converts the other way on import). The links are
the apps' public web URIs: on a phone with the app installed they open it, otherwise the web
map.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

import prcoords
from django.utils.translation import gettext_lazy as _

from .coordinates import Datum

SOURCE = "fulei-portal"


@dataclass(frozen=True)
class NavigationLink:
    app: str  # amap, baidu, tencent
    label: str
    url: str
    datum: str
    latitude: float
    longitude: float


def in_datum(latitude: float, longitude: float, datum: str) -> tuple[float, float]:
    """A WGS-84 point in ``datum``, rounded to 6 decimals (~0.1 m)."""
    point = prcoords.Coords(latitude, longitude)
    if datum == Datum.GCJ02:
        point = prcoords.wgs_gcj(point)
    elif datum == Datum.BD09:
        point = prcoords.wgs_bd(point)
    elif datum != Datum.WGS84:
        raise ValueError(f"unknown datum {datum!r}")
    return round(point.lat, 6), round(point.lon, 6)


def navigation_links(latitude: float, longitude: float, name: str) -> list[NavigationLink]:
    """Links that open the point (WGS-84) in the three map apps most used in China."""
    gcj_lat, gcj_lon = in_datum(latitude, longitude, Datum.GCJ02)
    bd_lat, bd_lon = in_datum(latitude, longitude, Datum.BD09)
    amap = "https://uri.amap.com/marker?" + urlencode(
        {
            "position": f"{gcj_lon},{gcj_lat}",
            "name": name,
            "src": SOURCE,
            "coordinate": "gaode",
            "callnative": 1,
        }
    )
    baidu = "https://api.map.baidu.com/marker?" + urlencode(
        {
            "location": f"{bd_lat},{bd_lon}",
            "title": name,
            "content": name,
            "coord_type": "bd09ll",
            "output": "html",
            "src": f"webapp.{SOURCE}",
        }
    )
    # Tencent's marker takes "coord:lat,lon;title:…" in one parameter; ; and : stay literal.
    tencent = (
        "https://apis.map.qq.com/uri/v1/marker?marker="
        + quote(f"coord:{gcj_lat},{gcj_lon};title:{name}", safe=":;,")
        + "&"
        + urlencode({"coord_type": 2, "referer": SOURCE})
    )
    return [
        NavigationLink("amap", _("Amap"), amap, Datum.GCJ02, gcj_lat, gcj_lon),
        NavigationLink("baidu", _("Baidu Maps"), baidu, Datum.BD09, bd_lat, bd_lon),
        NavigationLink("tencent", _("Tencent Maps"), tencent, Datum.GCJ02, gcj_lat, gcj_lon),
    ]
