"""The plaque register's one question to the directory: which county guidance centres hold the
programme's plaque (授牌)?

The directory's ``Plaque`` model is being built on another branch; until it is merged this module
reads it when it exists and returns an empty register otherwise. At merge, point
``awarded_plaques`` at the directory's public function if it offers one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class PlaqueEntry:
    """One line of the public register."""

    number: str
    awarded_on: datetime.date | None
    awarding_body: str
    service_point_name: str
    service_point_name_en: str
    division_name: str
    url: str  # the service point's public page (or the map centred on it)
    is_demo: bool = False


def _first(obj, *names, default=None):
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def _point_url(point) -> str:
    get_url = getattr(point, "get_absolute_url", None)
    if callable(get_url):
        return get_url()
    return f"/map/?point={point.pk}"


def awarded_plaques() -> list[PlaqueEntry]:
    """Plaques of public service points, newest first; [] while the directory has no plaques."""
    try:
        plaque_model = apps.get_model("directory", "Plaque")
    except LookupError:
        return []
    plaques = plaque_model.objects.select_related("service_point__division").filter(
        service_point__is_public=True
    )
    entries = []
    for plaque in plaques:
        point = plaque.service_point
        entries.append(
            PlaqueEntry(
                number=str(_first(plaque, "number", default="")),
                awarded_on=_first(plaque, "awarded_on", "date", "awarded_at"),
                awarding_body=str(_first(plaque, "awarding_body", default="")),
                service_point_name=point.name,
                service_point_name_en=point.name_en,
                division_name=point.division.name,
                url=_point_url(point),
                is_demo=bool(_first(plaque, "is_demo", default=False) or point.is_demo),
            )
        )
    entries.sort(key=lambda e: (e.awarded_on or datetime.date.min, e.number), reverse=True)
    return entries
