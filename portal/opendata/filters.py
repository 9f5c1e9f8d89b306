"""Filters of the open-data API, applied to the public querysets of ``queries``."""

from __future__ import annotations

import math

from django.db.models import Q
from geopy.distance import geodesic

from .queries import in_public_box

# Degrees of latitude per kilometre (a little generous so the box never clips the circle).
KM_PER_DEGREE_LAT = 110.5


def service_points(queryset, params: dict):
    if "level" in params:
        queryset = queryset.filter(level=params["level"])
    if "division" in params:
        queryset = queryset.filter(division__code__startswith=params["division"])
    if "category" in params:
        queryset = queryset.filter(categories__code=params["category"])
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gt=params["modified_after"])
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


def rank_by_distance(
    queryset, near: tuple[float, float], radius_km: float
) -> list[tuple[int, float]]:
    """(id, metres) of the points within the radius of their public location, nearest first."""
    limit = radius_km * 1000
    ranked = []
    for pk, lat, lon in queryset.values_list("pk", "public_latitude", "public_longitude"):
        metres = geodesic(near, (lat, lon)).meters
        if metres <= limit:
            ranked.append((pk, metres))
    ranked.sort(key=lambda item: (item[1], item[0]))
    return ranked


def organizations(queryset, params: dict):
    if "kind" in params:
        queryset = queryset.filter(kind=params["kind"])
    if "rating" in params:
        queryset = queryset.filter(rating=params["rating"])
    if "division" in params:
        queryset = queryset.filter(service_area__code__startswith=params["division"])
    if "category" in params:
        queryset = queryset.filter(projects__category=params["category"], projects__is_public=True)
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gt=params["modified_after"])
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
        queryset = queryset.filter(updated_at__gt=params["modified_after"])
    return queryset.distinct().order_by("id")


def divisions(queryset, params: dict):
    if "level" in params:
        queryset = queryset.filter(level=params["level"])
    if "division" in params:
        queryset = queryset.filter(code__startswith=params["division"])
    return queryset.order_by("code")
