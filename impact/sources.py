"""Raw counts for one quarter, read from the other apps' public functions only.

Nothing here is published directly: ``impact.snapshot`` stores it and ``impact.privacy``
scrubs it. Nothing is finer than a county: townships are folded into their county, and
city-level records into the city's own row ("city proper").
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from directory import services as directory
from directory.models import ServiceLevel
from volunteer import aggregates
from volunteer.models import ContactType, Role

# Counts that add up: a city is the sum of its counties and its own row, the province the sum
# of its cities. The others (organisations, projects) can serve several counties at once.
ADDITIVE = (
    "volunteers_caring_parent",
    "volunteers_pairing",
    "pairings_active",
    "pairings_meeting_cadence",
    "talks",
    "home_visits",
    *(f"service_points_{level}" for level in ServiceLevel.values),
)
NON_ADDITIVE = ("organizations", "projects")
# Counts over a quarter (they add up over the quarters of a year); the others are stocks.
FLOWS = ("talks", "home_visits")
PROVINCE = "350000"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    name_en: str
    level: str  # province, city, city_proper or county
    parent: str | None
    latitude: float | None = None
    longitude: float | None = None


class Geography:
    """Cities and counties with their codes; townships and cities resolved to counties."""

    def __init__(self):
        rows = directory.divisions_for_statistics()
        self.by_id = {r[0]: r for r in rows}
        self.county_of: dict[int, str] = {}
        self.city_of_county: dict[str, str | None] = {}
        self.counties_of_city: dict[int, list[str]] = {}
        self.city_code: dict[int, str] = {}
        for pk, code, _name, _en, level, _parent, *_point in rows:
            if level == "city":
                self.city_code[pk] = code
        for pk, code, _name, _en, level, parent, *_point in rows:
            if level == "county":
                self.county_of[pk] = code
                self.city_of_county[code] = self.city_code.get(parent)
                self.counties_of_city.setdefault(parent, []).append(code)
        for pk, _code, _name, _en, level, parent, *_point in rows:
            if level == "township" and parent in self.county_of:
                self.county_of[pk] = self.county_of[parent]

    def county(self, division_id: int) -> str | None:
        return self.county_of.get(division_id)

    def city(self, division_id: int) -> str | None:
        return self.city_code.get(division_id)

    def places(self, division_ids) -> tuple[set[str], set[str]]:
        """(county codes, city codes) covered by a set of divisions (a city covers its counties)."""
        counties: set[str] = set()
        cities: set[str] = set()
        for division in division_ids:
            if division in self.city_code:
                cities.add(self.city_code[division])
                counties.update(self.counties_of_city.get(division, []))
            elif (code := self.county(division)) is not None:
                counties.add(code)
                if city := self.city_of_county.get(code):
                    cities.add(city)
        return counties, cities

    def regions(self) -> list[Region]:
        result = [Region(PROVINCE, "福建省", "Fujian", "province", None)]
        for _pk, code, name, name_en, level, _parent, lat, lon in sorted(
            self.by_id.values(), key=lambda r: r[1]
        ):
            if level == "city":
                result.append(Region(code, name, name_en, "city", PROVINCE))
                result.append(
                    Region(code, f"{name}本级", f"{name_en} (city level)", "city_proper", code)
                )
            elif level == "county":
                result.append(
                    Region(code, name, name_en, "county", self.city_of_county.get(code), lat, lon)
                )
        return result


def _bucket() -> dict:
    return {"counties": {}, "city_proper": {}, "cities": {}, "province": {}}


def _add(target: dict, code: str | None, measure: str, n: int) -> None:
    if code is None or not n:
        return
    row = target.setdefault(code, {})
    row[measure] = row.get(measure, 0) + n


def quarter_counts(first: datetime.date, last: datetime.date, geo: Geography) -> dict:
    """Raw counts of one quarter: additive ones per county and city proper, non-additive ones
    per county, city and province (they are not sums)."""
    result = _bucket()
    counties = result["counties"]
    for (county, role), n in aggregates.approved_volunteers(last).items():
        measure = {
            Role.CARING_PARENT: "volunteers_caring_parent",
            Role.PAIRING: "volunteers_pairing",
        }[role]
        _add(counties, geo.county(county), measure, n)
    for county, n in aggregates.active_pairings(last).items():
        _add(counties, geo.county(county), "pairings_active", n)
    for county, n in aggregates.pairings_meeting_cadence(last).items():
        _add(counties, geo.county(county), "pairings_meeting_cadence", n)
    flows = {ContactType.TALK: "talks", ContactType.HOME_VISIT: "home_visits"}
    for (county, kind), n in aggregates.contacts_logged(first, last).items():
        if kind in flows:
            _add(counties, geo.county(county), flows[kind], n)
    for (division, level), n in directory.service_point_counts_by_division().items():
        measure = f"service_points_{level}"
        if (code := geo.county(division)) is not None:
            _add(counties, code, measure, n)
        else:
            # A point attached to a city (regional institutions) belongs to the city's own row.
            _add(result["city_proper"], geo.city(division), measure, n)

    organizations = Counter()
    cities = Counter()
    for division_ids in directory.public_organization_areas().values():
        county_codes, city_codes = geo.places(division_ids)
        organizations.update(county_codes)
        cities.update(city_codes)
    for code, n in organizations.items():
        _add(counties, code, "organizations", n)
    for code, n in cities.items():
        _add(result["cities"], code, "organizations", n)
    result["province"]["organizations"] = directory.public_organization_count()

    places = directory.public_project_places(first, last)
    project_counties, project_cities = Counter(), Counter()
    for division_ids in places.values():
        county_codes, city_codes = geo.places(division_ids)
        project_counties.update(county_codes)
        project_cities.update(city_codes)
    for code, n in project_counties.items():
        _add(counties, code, "projects", n)
    for code, n in project_cities.items():
        _add(result["cities"], code, "projects", n)
    result["province"]["projects"] = len(places)
    return result
