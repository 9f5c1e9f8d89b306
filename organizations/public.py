"""The public organisation list: only ``Organization.objects.public()``, filtered by GET."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from directory.models import Organization, Project, code_prefix


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
                service_area__code__startswith=code_prefix(filters["area"])
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
