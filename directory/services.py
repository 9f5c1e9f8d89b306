"""Queries over the directory that other apps may call (DESIGN.md §2: no reaching into tables)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Division, Organization, Plaque, Project, ServiceLevel, ServicePoint


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


def divisions_for_statistics() -> list[tuple]:
    """Every city, county and township as ``(pk, code, name, name_en, level, parent_id,
    latitude, longitude)``: what aggregate statistics need to fold places into counties."""
    return list(
        Division.objects.filter(level__in=["city", "county", "township"]).values_list(
            "pk", "code", "name", "name_en", "level", "parent_id", "latitude", "longitude"
        )
    )


def public_organization_areas() -> dict[int, list[int]]:
    """{organisation id: its service-area division ids} for the public organisations."""
    areas: dict[int, list[int]] = {}
    through = Organization.service_area.through
    for org_id, division_id in through.objects.filter(
        organization__in=Organization.objects.public().values("pk")
    ).values_list("organization_id", "division_id"):
        areas.setdefault(org_id, []).append(division_id)
    return areas


def public_organization_count() -> int:
    return Organization.objects.public().count()


def public_project_places(first: datetime.date, last: datetime.date) -> dict[int, set[int]]:
    """{project id: division ids} of the public projects running at some time in [first, last]:
    the divisions the listing names and those of its public service points."""
    projects = _public_projects_between(first, last)
    places: dict[int, set[int]] = {pk: set() for pk in projects.values_list("pk", flat=True)}
    for project_id, division_id in Project.divisions.through.objects.filter(
        project__in=projects.values("pk")
    ).values_list("project_id", "division_id"):
        places[project_id].add(division_id)
    for project_id, division_id in Project.service_points.through.objects.filter(
        project__in=projects.values("pk"), servicepoint__is_public=True
    ).values_list("project_id", "servicepoint__division_id"):
        places[project_id].add(division_id)
    return places


def _public_projects_between(first: datetime.date, last: datetime.date) -> QuerySet[Project]:
    return Project.objects.public().filter(
        Q(start_date__isnull=True) | Q(start_date__lte=last),
        Q(end_date__isnull=True) | Q(end_date__gte=first),
    )
