"""The public organisation list: only ``Organization.objects.public()``, filtered by GET."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from directory.models import Organization, Project


def area_prefix(code: str) -> str:
    """A city code (350400) selects its counties and townships by its first four digits."""
    return code[:4] if len(code) == 6 and code.endswith("00") else code


def listed_organizations(filters: dict) -> QuerySet[Organization]:
    """Public organisations matching ``area``, ``kind``, ``rating`` and ``category``."""
    queryset = Organization.objects.public()
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("rating"):
        queryset = queryset.filter(rating=filters["rating"])
    if filters.get("area"):
        queryset = queryset.filter(
            pk__in=Organization.objects.filter(
                service_area__code__startswith=area_prefix(filters["area"])
            ).values("pk")
        )
    if filters.get("category"):
        queryset = queryset.filter(
            pk__in=Project.objects.public()
            .filter(category=filters["category"])
            .values("organization")
        )
    return queryset.prefetch_related(
        "service_area",
        Prefetch(
            "projects",
            queryset=Project.objects.public().only("id", "category", "title", "organization_id"),
        ),
    ).order_by("name", "pk")
