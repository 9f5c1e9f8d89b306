"""Queries behind the public directory pages (views stay thin; the privacy rules live here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Prefetch

from .models import (
    Division,
    LocationPrecision,
    Organization,
    Project,
    ServiceLevel,
    ServicePoint,
)


@dataclass
class DivisionNode:
    division: Division
    count: int = 0
    by_level: Counter = field(default_factory=Counter)


def division_tree() -> tuple[dict[int, Division], dict[int | None, list[int]], dict[int, Counter]]:
    """All divisions, their children, and public points per level in each division's subtree."""
    divisions = {d.pk: d for d in Division.objects.all()}
    children: dict[int | None, list[int]] = {}
    for division in sorted(divisions.values(), key=lambda d: d.code):
        children.setdefault(division.parent_id, []).append(division.pk)
    counts: dict[int, Counter] = {}
    rows = (
        ServicePoint.objects.public()
        .order_by()
        .values_list("division_id", "level")
        .annotate(n=Count("id"))
    )
    for division_id, level, n in rows:
        # Roll each count up the chain: a township's stations count for its county and city.
        current = divisions.get(division_id)
        while current is not None:
            counts.setdefault(current.pk, Counter())[level] += n
            current = divisions.get(current.parent_id)
    return divisions, children, counts


def nodes(division_ids: list[int], divisions, counts) -> list[DivisionNode]:
    result = []
    for pk in division_ids:
        by_level = counts.get(pk, Counter())
        result.append(DivisionNode(divisions[pk], sum(by_level.values()), by_level))
    return result


def level_counts(by_level: Counter) -> list[tuple[str, int]]:
    """(label, count) for each network level present, city first."""
    return [(level.label, by_level[level.value]) for level in ServiceLevel if by_level[level.value]]


def breadcrumbs(division: Division) -> list[Division]:
    chain = [division]
    while chain[-1].parent_id:
        chain.append(Division.objects.get(pk=chain[-1].parent_id))
    return list(reversed(chain))


def public_points(division: Division):
    """Public points placed directly in ``division``, with what their list entries show."""
    return (
        ServicePoint.objects.public()
        .filter(division=division)
        .select_related("division", "plaque")
        .prefetch_related("opening_periods", "closures", "sessions")
        .order_by("level", "name")
    )


def public_point(pk: int) -> ServicePoint | None:
    return (
        ServicePoint.objects.public()
        .select_related("division__parent__parent", "responsible_organization", "plaque")
        .prefetch_related("categories", "opening_periods", "closures", "sessions")
        .filter(pk=pk)
        .first()
    )


def public_address(point: ServicePoint) -> str:
    """The street address, or only the division chain for township-precision points."""
    if point.location_precision == LocationPrecision.TOWNSHIP:
        return "".join(d.name for d in breadcrumbs(point.division))
    return point.address


def public_organization(pk: int) -> Organization | None:
    return (
        Organization.objects.public()
        .filter(pk=pk)
        .prefetch_related(
            "service_area",
            Prefetch("projects", queryset=Project.objects.public().order_by("start_date")),
        )
        .first()
    )


def public_project(pk: int) -> Project | None:
    return (
        Project.objects.public()
        .select_related("organization")
        .prefetch_related(
            Prefetch("service_points", queryset=ServicePoint.objects.public()), "divisions"
        )
        .filter(pk=pk)
        .first()
    )


def projects_at(point: ServicePoint):
    """The public projects held at ``point``, current and coming first, then undated ones."""
    return (
        Project.objects.public()
        .filter(service_points=point)
        .select_related("organization")
        .order_by(F("start_date").asc(nulls_last=True), "title")
    )


@dataclass(frozen=True)
class MapTiles:
    """The base map a small map draws on: URL template, attribution and datum (settings)."""

    url: str
    attribution: str
    datum: str


def map_tiles() -> MapTiles:
    return MapTiles(settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION, settings.MAP_TILE_DATUM)
