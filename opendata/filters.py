"""Filters of the open-data API, applied to the public querysets of ``queries``."""

from __future__ import annotations

import math

from django.db.models import Q
from geopy.distance import geodesic

from directory.models import Project

from .queries import in_public_box

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
# Kilometres per degree of latitude, a little low so that the box never clips the circle.
KM_PER_DEGREE_LAT = 110.5


def service_points(queryset, params: dict):
    if "level" in params:
        queryset = queryset.filter(level=params["level"])
    if "division" in params:
        queryset = queryset.filter(division__code__startswith=params["division"])
    if "category" in params:
        queryset = queryset.filter(categories__code=params["category"])
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    if "q" in params and params["q"]:
        queryset = queryset.filter(
            Q(name__icontains=params["q"]) | Q(name_en__icontains=params["q"])
        )
    if "bbox" in params:
        queryset = queryset.filter(in_public_box(*params["bbox"]))
    if "near" in params:
        queryset = queryset.filter(in_public_box(*box_around(*params["near"], params["radius_km"])))
    return queryset.order_by("id")


def box_around(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a box that contains the circle: the indexed prefilter."""
    d_lat = radius_km / KM_PER_DEGREE_LAT
    d_lon = radius_km / (
        KM_PER_DEGREE_LAT * max(math.cos(math.radians(min(abs(lat) + d_lat, 89.9))), 0.01)
    )
    return lon - d_lon, max(lat - d_lat, -90), lon + d_lon, min(lat + d_lat, 90)


def spherical_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in metres: fast enough to rank every candidate in the box."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def geodesic_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance published as ``distance_m``: geopy's geodesic on the WGS-84 ellipsoid."""
    return geodesic(a, b).meters


def rank_by_distance(
    queryset, near: tuple[float, float], radius_km: float
) -> list[tuple[int, float, float]]:
    """(id, lat, lon) of the points within the radius of their public location, nearest first.

    Candidates come from the bounding-box prefilter. Ranking uses the spherical distance (geopy's
    geodesic costs ~30 µs a point, too slow for tens of thousands); membership near the edge of
    the circle, where the two can disagree (< 0.5 %), is decided with the geodesic, and the
    published ``distance_m`` of each result on the page is the geodesic.
    """
    limit = radius_km * 1000
    ranked = []
    for pk, lat, lon in queryset.values_list("pk", "public_latitude", "public_longitude"):
        metres = spherical_m(near, (lat, lon))
        if metres > limit * 1.005:
            continue
        if metres > limit * 0.995 and geodesic_m(near, (lat, lon)) > limit:
            continue
        ranked.append((metres, pk, lat, lon))
    ranked.sort()
    return [(pk, lat, lon) for _, pk, lat, lon in ranked]


def organizations(queryset, params: dict):
    if "kind" in params:
        queryset = queryset.filter(kind=params["kind"])
    if "rating" in params:
        queryset = queryset.filter(rating=params["rating"])
    if "division" in params:
        queryset = queryset.filter(service_area__code__startswith=params["division"])
    if "category" in params:
        queryset = queryset.filter(
            pk__in=Project.objects.public()
            .filter(category=params["category"])
            .values("organization")
        )
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    return queryset.distinct().order_by("id")


def projects(queryset, params: dict):
    if "category" in params:
        queryset = queryset.filter(category=params["category"])
    if "organization" in params:
        queryset = queryset.filter(organization_id=params["organization"])
    if "division" in params:
        prefix = params["division"]
        queryset = queryset.filter(
            Q(divisions__code__startswith=prefix)
            | Q(service_points__division__code__startswith=prefix, service_points__is_public=True)
        )
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    return queryset.distinct().order_by("id")


def divisions(queryset, params: dict):
    if "level" in params:
        queryset = queryset.filter(level=params["level"])
    if "division" in params:
        queryset = queryset.filter(code__startswith=params["division"])
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    return queryset.order_by("code")
