"""Public querysets over the directory: what any open-data output (API, downloads, catalogue)
may read.

The privacy rules are applied here once for every bulk output:

- hidden service points, organisations that are not public (hidden, unverified or stale:
  ``Organization.objects.public()``) and unpublished projects (``Project.objects.public()``)
  are left out;
- a township-precision point's coordinates are replaced by its division's seat, exactly as
  ``ServicePoint.public_location()`` does (a test checks that both agree for every point), and its
  street address is withheld, since an address locates the point as precisely as coordinates;
- geographic filters compare against the public location, so a bounding box cannot be used to
  find a township-precision point's real place by bisection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Case, CharField, F, FloatField, Prefetch, Q, Value, When

from directory.models import (
    Division,
    LocationPrecision,
    Organization,
    Project,
    ServicePoint,
)

TOWNSHIP_ONLY = Q(location_precision=LocationPrecision.TOWNSHIP)


def public_service_points():
    """Public service points annotated with ``public_latitude``, ``public_longitude`` and
    ``public_address`` (the only location fields an output may read)."""
    return (
        ServicePoint.objects.public()
        .select_related("division")
        .annotate(
            public_latitude=Case(
                When(TOWNSHIP_ONLY, then=F("division__latitude")),
                default=F("latitude"),
                output_field=FloatField(),
            ),
            public_longitude=Case(
                When(TOWNSHIP_ONLY, then=F("division__longitude")),
                default=F("longitude"),
                output_field=FloatField(),
            ),
            public_address=Case(
                When(TOWNSHIP_ONLY, then=Value("")),
                default=F("address"),
                output_field=CharField(),
            ),
        )
    )


def public_address(point: ServicePoint) -> str:
    """The street address output may carry: none for a township-precision point."""
    if point.location_precision == LocationPrecision.TOWNSHIP:
        return ""
    return point.address


def in_public_box(west: float, south: float, east: float, north: float) -> Q:
    """Points whose *public* location lies in the box.

    Exact points use the indexed (longitude, latitude) columns; township-precision points are
    placed at their division's seat, so the box is tested against that instead.
    """
    exact = (
        Q(
            longitude__gte=west,
            longitude__lte=east,
            latitude__gte=south,
            latitude__lte=north,
        )
        & ~TOWNSHIP_ONLY
    )
    township = TOWNSHIP_ONLY & Q(
        division__longitude__gte=west,
        division__longitude__lte=east,
        division__latitude__gte=south,
        division__latitude__lte=north,
    )
    return exact | township


def public_organizations():
    return Organization.objects.public()


def public_projects():
    return (
        Project.objects.public()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "service_points",
                queryset=ServicePoint.objects.public().only("id"),
            ),
            Prefetch("divisions", queryset=Division.objects.only("code", "name", "name_en")),
        )
    )


def public_divisions():
    return Division.objects.select_related("parent")


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch
