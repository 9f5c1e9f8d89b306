"""The plaque register's one question to the directory: which county guidance centres hold the
programme's plaque (授牌)? Asked through the directory's public services, never its tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from directory import services as directory_services


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


def awarded_plaques() -> list[PlaqueEntry]:
    """Plaques of public service points, newest first."""
    return [
        PlaqueEntry(
            number=plaque.number,
            awarded_on=plaque.awarded_on,
            awarding_body=plaque.awarding_body,
            service_point_name=plaque.service_point.name,
            service_point_name_en=plaque.service_point.name_en,
            division_name=plaque.service_point.division.name,
            url=reverse("directory:point", args=[plaque.service_point_id]),
            is_demo=plaque.is_demo or plaque.service_point.is_demo,
        )
        for plaque in directory_services.awarded_plaques()
    ]
