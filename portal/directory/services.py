"""Queries over the directory that other apps may call (DESIGN.md §2: no reaching into tables)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from .models import ServiceLevel, ServicePoint


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
