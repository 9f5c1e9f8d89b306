"""Queries over the directory that other apps may call (DESIGN.md §2: no reaching into tables)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .models import Plaque, ServiceLevel, ServicePoint


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    count: int


def service_point_counts() -> list[LevelCount]:
    """Public service points per network level, in the order of the network (city first)."""
    counts = dict(
        ServicePoint.objects.public()
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return [
        LevelCount(level.value, level.label, counts.get(level.value, 0)) for level in ServiceLevel
    ]


def awarded_plaques() -> QuerySet[Plaque]:
    """Plaques of public guidance centres, newest first, with their point and division loaded."""
    return (
        Plaque.objects.select_related("service_point__division")
        .filter(service_point__is_public=True)
        .order_by("-awarded_on", "-number")
    )


def service_point_counts_by_division() -> dict[tuple[int, str], int]:
    """{(division id, level): public service points} for aggregate statistics."""
    rows = (
        ServicePoint.objects.public()
        .order_by()
        .values_list("division_id", "level")
        .annotate(n=Count("id"))
    )
    return {(division, level): n for division, level, n in rows}
