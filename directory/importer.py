"""Bulk import of service points from CSV or XLSX, all or nothing.

Two passes over the file so that memory does not grow with it: the first validates every row
and keeps only the problems (and the external ids, to catch duplicates); only when there is no
problem at all does the second pass write, in batches, inside one transaction. The column
mapping is documented in docs/directory.md ("Importing the directory").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import translation

from .changes import acting_as, record_bulk, record_many
from .coordinates import parse_datum, to_wgs84
from .forms import coordinate_errors
from .hours import HoursSyntaxError, Period, parse_weekly, render_weekly
from .models import (
    Division,
    Level,
    LocationPrecision,
    OpeningPeriod,
    Organization,
    ProjectCategory,
    ServiceCategory,
    ServiceLevel,
    ServicePoint,
)
from .privacy import find_personal_data
from .upsert import upsert
from .validators import control_character_problem

REQUIRED = ["external_id", "name", "level", "division_code", "latitude", "longitude"]
OPTIONAL = [
    "name_en",
    "address",
    "datum",
    "location_precision",
    "service_phone",
    "categories",
    "opening_hours",
    "accessibility_notes",
    "organization_uscc",
    "last_verified",
    "is_public",
]
COLUMNS = REQUIRED + OPTIONAL
# Chinese headers accepted for the same columns, as staff spreadsheets often have them.
HEADER_ALIASES = {
    "编号": "external_id",
    "名称": "name",
    "英文名称": "name_en",
    "层级": "level",
    "区划代码": "division_code",
    "地址": "address",
    "纬度": "latitude",
    "经度": "longitude",
    "坐标系": "datum",
    "位置精度": "location_precision",
    "服务电话": "service_phone",
    "服务项目": "categories",
    "开放时间": "opening_hours",
    "无障碍": "accessibility_notes",
    "责任机构代码": "organization_uscc",
    "核实日期": "last_verified",
    "公开": "is_public",
}
LEVEL_ALIASES = {
    **{level.value: level.value for level in ServiceLevel},
    "区域性儿童福利机构": ServiceLevel.CITY,
    "未成年人救助保护中心": ServiceLevel.COUNTY,
    "儿童关爱服务站": ServiceLevel.TOWNSHIP,
    "儿童关爱服务室": ServiceLevel.TOWNSHIP,
    "儿童之家": ServiceLevel.VILLAGE,
}
TRUE = {"1", "true", "yes", "y", "是", "公开"}
FALSE = {"0", "false", "no", "n", "否", "不公开", "隐藏"}
WRITTEN_FIELDS = [
    "name",
    "name_en",
    "level",
    "division",
    "address",
    "latitude",
    "longitude",
    "location_precision",
    "service_phone",
    "accessibility_notes",
    "responsible_organization",
    "last_verified",
    "is_public",
]
BATCH = 2000
SCREENED_COLUMNS = ("name", "name_en", "address", "accessibility_notes")
PERSONAL_DATA_WORDS = {
    "mobile": "a mobile phone number",
    "phone": "a phone number",
    "email": "an e-mail address",
    "id_card": "an ID-card number",
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportFileError(ValueError):
    """The file itself cannot be read (format, encoding, header)."""


def read_rows(path: Path | str, content: bytes | None = None) -> Iterator[dict[str, str]]:
    """Rows of a .csv (UTF-8, with or without BOM) or .xlsx file as column → text."""
    name = str(path).lower()
    if name.endswith(".xlsx"):
        yield from _xlsx_rows(path, content)
    elif name.endswith(".csv"):
        yield from _csv_rows(path, content)
    else:
        raise ImportFileError("the file must be .csv or .xlsx")


def _csv_rows(path, content) -> Iterator[dict[str, str]]:
    try:
        handle = (
            io.StringIO(content.decode("utf-8-sig"))
            if content is not None
            else open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        )
    except UnicodeDecodeError as error:
        raise ImportFileError("the CSV file must be encoded as UTF-8") from error
    with handle:
        try:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ImportFileError("the file is empty")
            columns = _columns(header)
            for values in reader:
                yield _row(columns, values)
        except UnicodeDecodeError as error:
            raise ImportFileError("the CSV file must be encoded as UTF-8") from error


def _xlsx_rows(path, content) -> Iterator[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        source = io.BytesIO(content) if content is not None else path
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"cannot open the spreadsheet: {error}") from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError("the file is empty")
        columns = _columns(["" if v is None else str(v) for v in header])
        for values in rows:
            yield _row(columns, [_cell_text(v) for v in values])
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if not isinstance(value, bool) else str(value)
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def _columns(header: list[str]) -> list[str]:
    columns = [HEADER_ALIASES.get(h.strip(), h.strip().lower()) for h in header]
    unknown = [h for h in columns if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in columns]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        raise ImportFileError("; ".join(parts) + f"; the columns are: {', '.join(COLUMNS)}")
    return columns


def _row(columns: list[str], values: list[str]) -> dict[str, str]:
    return {
        column: (values[i].strip() if i < len(values) and values[i] is not None else "")
        for i, column in enumerate(columns)
        if column
    }


@dataclass
class _Lookups:
    divisions: dict[str, tuple[int, str]]
    organizations: dict[str, int]
    categories: set[str]

    @classmethod
    def load(cls) -> _Lookups:
        return cls(
            divisions={
                code: (pk, lvl)
                for pk, code, lvl in Division.objects.values_list("pk", "code", "level")
            },
            organizations=dict(Organization.objects.values_list("uscc", "pk")),
            categories=set(ProjectCategory.values),
        )


@dataclass
class _Parsed:
    point: ServicePoint
    categories: list[str] | None
    periods: list | None


def _parse(row: dict[str, str], number: int, lookups: _Lookups) -> tuple[_Parsed | None, list]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    for column in REQUIRED:
        if not row.get(column):
            problem(column, "required")
    for column, value in row.items():
        if (message := control_character_problem(value)) is not None:
            problem(column, message)
    lengths = {
        "external_id": 64,
        "name": 200,
        "name_en": 200,
        "address": 300,
        "service_phone": 32,
        "accessibility_notes": 1000,
    }
    for column, limit in lengths.items():
        if len(row.get(column, "")) > limit:
            problem(column, f"longer than {limit} characters")
    # Published free text: the service phone column is the station's public line, not screened.
    for column in SCREENED_COLUMNS:
        findings = find_personal_data(row.get(column, ""))
        if findings:
            kinds = ", ".join(dict.fromkeys(PERSONAL_DATA_WORDS[f.kind] for f in findings))
            problem(column, f"holds {kinds} ({findings[0].text!r}); published text cannot")

    level = LEVEL_ALIASES.get(row.get("level", ""))
    if row.get("level") and level is None:
        problem("level", f"unknown level {row['level']!r}; use city, county, township or village")

    division = lookups.divisions.get(row.get("division_code", ""))
    if row.get("division_code") and division is None:
        problem("division_code", f"no division has the code {row['division_code']!r}")

    latitude = longitude = None
    for column in ("latitude", "longitude"):
        if row.get(column):
            try:
                value = float(row[column])
            except ValueError:
                problem(column, f"{row[column]!r} is not a number")
                continue
            if column == "latitude":
                latitude = value
            else:
                longitude = value
    datum = parse_datum(row.get("datum"))
    if datum is None:
        problem("datum", f"unknown coordinate system {row['datum']!r}; use wgs84, gcj02 or bd09")
    if latitude is not None and longitude is not None and datum is not None:
        # The report is in English like the rest of the importer's, whatever the active language.
        with translation.override("en"):
            errors = coordinate_errors(latitude, longitude)
            if not errors:
                latitude, longitude = to_wgs84(latitude, longitude, datum)
                errors = coordinate_errors(latitude, longitude)
            for column, message in errors.items():
                problem(column, str(message))

    precision = row.get("location_precision") or LocationPrecision.EXACT
    if precision not in LocationPrecision.values:
        problem("location_precision", f"unknown precision {precision!r}; use exact or township")
    elif precision == LocationPrecision.TOWNSHIP and division and division[1] != Level.TOWNSHIP:
        problem("location_precision", "township precision needs a township division_code")

    categories = None
    if row.get("categories"):
        categories = [c.strip() for c in row["categories"].replace("、", ",").split(",")]
        categories = [c for c in categories if c]
        unknown = [c for c in categories if c not in lookups.categories]
        if unknown:
            problem("categories", f"unknown categor(ies) {', '.join(unknown)}")

    periods = None
    if row.get("opening_hours"):
        try:
            periods = parse_weekly(row["opening_hours"])
        except HoursSyntaxError as error:
            problem("opening_hours", str(error))

    organization = None
    if row.get("organization_uscc"):
        organization = lookups.organizations.get(row["organization_uscc"].upper())
        if organization is None:
            problem(
                "organization_uscc", f"no organisation has the code {row['organization_uscc']!r}"
            )

    last_verified = None
    if row.get("last_verified"):
        try:
            last_verified = date.fromisoformat(row["last_verified"][:10])
        except ValueError:
            problem("last_verified", f"{row['last_verified']!r} is not a date (YYYY-MM-DD)")

    is_public = True
    flag = row.get("is_public", "").lower()
    if flag in FALSE:
        is_public = False
    elif flag and flag not in TRUE:
        problem("is_public", f"{row['is_public']!r} is not yes or no")

    if problems:
        return None, problems
    point = ServicePoint(
        external_id=row["external_id"],
        name=row["name"],
        name_en=row.get("name_en", ""),
        level=level,
        division_id=division[0],
        address=row.get("address", ""),
        latitude=latitude,
        longitude=longitude,
        location_precision=precision,
        service_phone=row.get("service_phone", ""),
        accessibility_notes=row.get("accessibility_notes", ""),
        responsible_organization_id=organization,
        last_verified=last_verified,
        is_public=is_public,
    )
    return _Parsed(point, categories, periods), []


def import_directory(
    path: Path | str, dry_run: bool = False, content: bytes | None = None, user=None
) -> ImportReport:
    """Validate the whole file; unless a row is invalid (or ``dry_run``), upsert every row.

    ``content`` lets the admin upload view pass the bytes of an uploaded file.
    """
    report = ImportReport(dry_run=dry_run)
    lookups = _Lookups.load()
    seen: dict[str, int] = {}
    for number, row in enumerate(read_rows(path, content), start=2):
        if not any(row.values()):
            continue
        report.rows += 1
        _, problems = _parse(row, number, lookups)
        report.problems.extend(problems)
        key = row.get("external_id")
        if key:
            if key in seen:
                report.problems.append(
                    Problem(number, "external_id", f"{key!r} already used on row {seen[key]}")
                )
            else:
                seen[key] = number
    del seen
    if report.problems or dry_run:
        return report
    with transaction.atomic(), acting_as(user, "import"):
        batch: list[_Parsed] = []
        for number, row in enumerate(read_rows(path, content), start=2):
            if not any(row.values()):
                continue
            parsed, _ = _parse(row, number, lookups)
            batch.append(parsed)
            if len(batch) >= BATCH:
                _write(batch, report)
                batch = []
        if batch:
            _write(batch, report)
    return report


def _write(batch: list[_Parsed], report: ImportReport) -> None:
    result = upsert(
        ServicePoint,
        "external_id",
        [p.point for p in batch],
        WRITTEN_FIELDS,
        batch_size=500,
        track=True,
        touch="updated_at",
    )
    report.created += result.created
    report.updated += result.updated
    report.unchanged += result.unchanged
    saved = {p.point.external_id: result.by_key[p.point.external_id] for p in batch}
    _set_categories(batch, saved)
    _set_hours(batch, saved)
    record_bulk(ServicePoint, result.changes)


def _set_categories(batch: list[_Parsed], saved: dict) -> None:
    rows = [p for p in batch if p.categories is not None]
    if not rows:
        return
    through = ServicePoint.categories.through
    ServiceCategory.objects.bulk_create(
        [ServiceCategory(code=code) for code in ProjectCategory.values], ignore_conflicts=True
    )
    ids = [saved[p.point.external_id].pk for p in rows]
    existing = set(
        through.objects.filter(servicepoint_id__in=ids).values_list(
            "servicepoint_id", "servicecategory_id"
        )
    )
    wanted = {(saved[p.point.external_id].pk, code) for p in rows for code in p.categories}
    stale = existing - wanted
    if stale:
        for pk, code in stale:
            through.objects.filter(servicepoint_id=pk, servicecategory_id=code).delete()
    through.objects.bulk_create(
        [through(servicepoint_id=pk, servicecategory_id=code) for pk, code in wanted - existing],
        batch_size=1000,
    )


def _set_hours(batch: list[_Parsed], saved: dict) -> None:
    rows = [p for p in batch if p.periods is not None]
    if not rows:
        return
    ids = [saved[p.point.external_id].pk for p in rows]
    existing: dict[int, set] = {}
    for pk, weekday, opens, closes in OpeningPeriod.objects.filter(
        service_point_id__in=ids
    ).values_list("service_point_id", "weekday", "opens", "closes"):
        existing.setdefault(pk, set()).add((weekday, opens, closes))
    changed = [
        p
        for p in rows
        if existing.get(saved[p.point.external_id].pk, set())
        != {(x.weekday, x.opens, x.closes) for x in p.periods}
    ]
    if not changed:
        return
    changed_ids = [saved[p.point.external_id].pk for p in changed]
    record_many(
        [
            (
                saved[p.point.external_id],
                {
                    "opening_periods": [
                        render_weekly(
                            existing.get(saved[p.point.external_id].pk, set())
                            and [Period(*x) for x in existing[saved[p.point.external_id].pk]],
                            "en",
                        )
                        or None,
                        render_weekly(p.periods, "en"),
                    ]
                },
            )
            for p in changed
        ]
    )
    # A raw delete: the periods' history is the point's "opening_periods" change below.
    OpeningPeriod.objects.filter(service_point_id__in=changed_ids)._raw_delete(
        OpeningPeriod.objects.db
    )
    OpeningPeriod.objects.bulk_create(
        [
            OpeningPeriod(
                service_point_id=saved[p.point.external_id].pk,
                weekday=x.weekday,
                opens=x.opens,
                closes=x.closes,
            )
            for p in changed
            for x in p.periods
        ],
        batch_size=1000,
    )
