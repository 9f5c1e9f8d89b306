"""Loading the administrative divisions from the NBS/GeoNames CSV.

The loader validates the whole file first and writes nothing when any row is bad, so a
malformed file can never leave the directory half-updated.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Division, Level
from .names import english_name
from .upsert import upsert
from .validators import control_character_problem

DEFAULT_DIVISIONS_FILE = Path(__file__).resolve().parent / "data" / "fujian_divisions.csv"
PROVINCE_CODE = "350000"
REQUIRED_COLUMNS = ("code", "name", "level", "parent_code", "lon", "lat")
CODE_LENGTH = {Level.CITY: 6, Level.COUNTY: 6, Level.TOWNSHIP: 9}
PARENT_LEVEL = {Level.COUNTY: Level.CITY, Level.TOWNSHIP: Level.COUNTY}
# How many leading digits a division shares with its parent.
PARENT_PREFIX = {Level.CITY: 2, Level.COUNTY: 4, Level.TOWNSHIP: 6}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.problem}"


class DivisionFileError(Exception):
    """The file cannot be loaded; ``errors`` names every bad row and column."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class DivisionRow:
    row: int
    code: str
    name: str
    level: str
    parent_code: str
    longitude: float | None
    latitude: float | None


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    approximate: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


def parse_divisions(path: Path) -> list[DivisionRow]:
    """Read and validate the file; raise DivisionFileError listing every problem found."""
    errors: list[RowError] = []
    rows: list[DivisionRow] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DivisionFileError(
                    [RowError(1, column, "required column is missing") for column in missing]
                )
            for number, raw in enumerate(reader, start=2):
                row = _parse_row(number, raw, errors)
                if row:
                    rows.append(row)
    except UnicodeDecodeError as exc:
        raise DivisionFileError(
            [RowError(0, "-", f"the file is not UTF-8 ({exc.reason})")]
        ) from exc
    except csv.Error as exc:
        raise DivisionFileError([RowError(0, "-", f"not a readable CSV file ({exc})")]) from exc
    if not rows and not errors:
        errors.append(RowError(2, "-", "the file has no rows"))
    errors.extend(_check_relations(rows))
    if errors:
        raise DivisionFileError(sorted(errors, key=lambda e: (e.row, e.column)))
    return rows


def _parse_row(number: int, raw: dict, errors: list[RowError]) -> DivisionRow | None:
    before = len(errors)

    def value(column: str) -> str:
        return (raw.get(column) or "").strip()

    code, name, level, parent_code = (value(c) for c in ("code", "name", "level", "parent_code"))
    for column in (*REQUIRED_COLUMNS, "datum"):
        if (message := control_character_problem(value(column))) is not None:
            errors.append(RowError(number, column, message))
    if len(errors) > before:
        return None
    if level not in CODE_LENGTH:
        errors.append(RowError(number, "level", f"{level!r} is not one of city, county, township"))
    elif not re.fullmatch(rf"\d{{{CODE_LENGTH[level]}}}", code):
        errors.append(
            RowError(number, "code", f"{code!r} must be {CODE_LENGTH[level]} digits for a {level}")
        )
    elif not code.startswith("35"):
        errors.append(RowError(number, "code", f"{code!r} is not a Fujian code (35…)"))
    if not name:
        errors.append(RowError(number, "name", "is empty"))
    elif len(name) > 64:
        errors.append(RowError(number, "name", "is longer than 64 characters"))
    if not re.fullmatch(r"\d{6}", parent_code):
        errors.append(RowError(number, "parent_code", f"{parent_code!r} must be 6 digits"))
    datum = value("datum")
    if datum and datum.upper() not in ("WGS-84", "WGS84"):
        errors.append(
            RowError(number, "datum", f"{datum!r}: only WGS-84 coordinates can be loaded")
        )
    longitude = _coordinate(number, "lon", value("lon"), errors)
    latitude = _coordinate(number, "lat", value("lat"), errors)
    if (longitude is None) != (latitude is None) and len(errors) == before:
        errors.append(RowError(number, "lon/lat", "give both coordinates or neither"))
    if longitude is not None and latitude is not None:
        bounds = settings.FUJIAN_BOUNDS
        if not (bounds["west"] <= longitude <= bounds["east"]):
            errors.append(RowError(number, "lon", f"{longitude} lies outside Fujian"))
        if not (bounds["south"] <= latitude <= bounds["north"]):
            errors.append(RowError(number, "lat", f"{latitude} lies outside Fujian"))
    if len(errors) > before:
        return None
    return DivisionRow(number, code, name, level, parent_code, longitude, latitude)


def _coordinate(number: int, column: str, text: str, errors: list[RowError]) -> float | None:
    if not text:
        return None
    try:
        number_value = float(text)
    except ValueError:
        errors.append(RowError(number, column, f"{text!r} is not a number"))
        return None
    if number_value != number_value or number_value in (float("inf"), float("-inf")):
        errors.append(RowError(number, column, f"{text!r} is not a finite number"))
        return None
    return number_value


def _check_relations(rows: list[DivisionRow]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    in_file = {row.code: row.level for row in rows}
    in_database = dict(Division.objects.values_list("code", "level"))
    for row in rows:
        if row.code in seen:
            errors.append(
                RowError(row.row, "code", f"{row.code} is repeated (first on row {seen[row.code]})")
            )
            continue
        seen[row.code] = row.row
        if row.level == Level.CITY:
            if row.parent_code != PROVINCE_CODE:
                errors.append(
                    RowError(row.row, "parent_code", f"a city's parent must be {PROVINCE_CODE}")
                )
            if row.longitude is None:
                errors.append(RowError(row.row, "lon/lat", "a city needs a point"))
            continue
        parent_level = in_file.get(row.parent_code) or in_database.get(row.parent_code)
        if parent_level is None:
            errors.append(
                RowError(row.row, "parent_code", f"{row.parent_code} is not a known division")
            )
        elif parent_level != PARENT_LEVEL[row.level]:
            errors.append(
                RowError(
                    row.row,
                    "parent_code",
                    f"a {row.level}'s parent must be a {PARENT_LEVEL[row.level]}, "
                    f"{row.parent_code} is a {parent_level}",
                )
            )
        elif not row.code.startswith(row.parent_code[: PARENT_PREFIX[row.level]]):
            errors.append(
                RowError(row.row, "code", f"{row.code} does not lie under {row.parent_code}")
            )
    return errors


DIVISION_FIELDS = [
    "name",
    "name_en",
    "level",
    "parent",
    "longitude",
    "latitude",
    "location_approximate",
]


@transaction.atomic
def load_divisions(path: Path = DEFAULT_DIVISIONS_FILE) -> LoadResult:
    """Validate the file, then upsert every division by code in one transaction."""
    rows = parse_divisions(path)
    result = LoadResult()
    # Parents that are already loaded (a file of townships only may point at them).
    known = {d.code: d for d in Division.objects.filter(level__in=[Level.CITY, Level.COUNTY])}
    for level in (Level.CITY, Level.COUNTY, Level.TOWNSHIP):
        records = []
        for row in (r for r in rows if r.level == level):
            parent = known.get(row.parent_code)
            approximate = row.longitude is None
            records.append(
                Division(
                    code=row.code,
                    name=row.name,
                    name_en=english_name(row.name),
                    level=level,
                    parent=parent,
                    longitude=parent.longitude if approximate else row.longitude,
                    latitude=parent.latitude if approximate else row.latitude,
                    location_approximate=approximate,
                )
            )
            result.approximate += approximate
        saved = upsert(Division, "code", records, DIVISION_FIELDS, touch="updated_at")
        known.update(saved.by_key)
        result.created += saved.created
        result.updated += saved.updated
        result.unchanged += saved.unchanged
        result.by_level[level] = len(records)
    return result
