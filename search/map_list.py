"""The /map/ page's result list, queried from the directory until search.service lands.

Issue 4a builds ``search.service.search()``; at merge the lead can switch ``list_points`` to it
(same filters: q, level, category, division prefix, bbox, near). Until then this is a plain,
indexed query over public service points with their public location.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q
from geopy.distance import distance

from portal.directory.models import ServicePoint

PAGE_SIZE = 20
NEAR_RADIUS_KM = 30
# Township-precision points are published at their township's seat, at most this far (degrees)
# from their stored point; the indexed pre-filter on stored coordinates keeps that margin.
PUBLIC_SHIFT_MARGIN = 0.3


@dataclass
class ListedPoint:
    id: int
    name: str
    level: str
    level_label: str
    division_name: str
    address: str
    lat: float
    lon: float
    is_demo: bool
    distance_m: float | None = None


def division_prefix(code: str) -> str:
    """NBS codes nest by prefix: a city ``350400`` is ``3504``; a county is its 6 digits."""
    return code[:4] if len(code) == 6 and code.endswith("00") else code


def _bbox_filter(queryset, bbox):
    west, south, east, north = bbox
    m = PUBLIC_SHIFT_MARGIN
    return queryset.filter(
        longitude__gte=west - m, longitude__lte=east + m,
        latitude__gte=south - m, latitude__lte=north + m,
        public_lon__gte=west, public_lon__lte=east,
        public_lat__gte=south, public_lat__lte=north,
    )  # fmt: skip


def list_points(
    *,
    q: str = "",
    level: str | None = None,
    category: str | None = None,
    division: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    near: tuple[float, float] | None = None,
    page: int = 1,
    language: str = "zh-hans",
) -> Page:
    """A page of public service points matching the map's filters (nearest first with near)."""
    queryset = ServicePoint.objects.public().select_related("division")
    if bbox or near:
        # Only then: the annotation joins divisions, which makes counting 700k rows slow.
        queryset = queryset.with_public_location()
    if level:
        queryset = queryset.filter(level=level)
    if category:
        queryset = queryset.filter(categories__code=category)
    if division:
        queryset = queryset.filter(division__code__startswith=division_prefix(division))
    if q:
        words = q.split()
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(name_en__icontains=word)
                | Q(address__icontains=word)
                | Q(division__name__icontains=word)
                | Q(division__parent__name__icontains=word)
            )
    if bbox:
        queryset = _bbox_filter(queryset, bbox)
    if near:
        lat, lon = near
        d_lat = NEAR_RADIUS_KM / 111.0
        d_lon = d_lat / max(0.1, math.cos(math.radians(lat)))
        queryset = _bbox_filter(queryset, (lon - d_lon, lat - d_lat, lon + d_lon, lat + d_lat))
        # Squared equirectangular distance: ranks like the true distance at this scale.
        scale = math.cos(math.radians(lat)) ** 2
        queryset = queryset.annotate(
            rank=(F("public_lat") - lat) * (F("public_lat") - lat)
            + (F("public_lon") - lon) * (F("public_lon") - lon) * scale
        ).order_by("rank", "id")
    else:
        queryset = queryset.order_by("id")
    page_obj = Paginator(queryset.distinct() if category else queryset, PAGE_SIZE).get_page(page)
    english = language.startswith("en")
    points = list(page_obj.object_list)
    locations = {p.pk: p.public_location() for p in points}
    page_obj.object_list = [
        ListedPoint(
            id=p.pk,
            name=p.display_name(language),
            level=p.level,
            level_label=str(p.get_level_display()),
            division_name=p.division.display_name(language),
            # A township-precision point's address would reveal what its location hides.
            address="" if english or p.location_precision == "township" else p.address,
            lat=locations[p.pk][0],
            lon=locations[p.pk][1],
            is_demo=p.is_demo,
            distance_m=distance(near, locations[p.pk]).meters if near else None,
        )
        for p in points
    ]
    return page_obj
