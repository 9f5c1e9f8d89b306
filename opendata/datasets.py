"""The open datasets: what each one contains (its data dictionary) and its public rows.

Rows are flat dicts in field order, read with ``values()`` over ``.iterator(chunk_size=...)`` and
completed batch by batch (categories, service areas...), so a download of any size needs memory
for one batch only. Only the public querysets of ``queries`` are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.hours import Period, render_weekly
from directory.models import (
    Division,
    LocationPrecision,
    OpeningPeriod,
    Organization,
    Project,
    ServicePoint,
)

from .queries import (
    batched,
    public_divisions,
    public_organizations,
    public_projects,
    public_service_points,
)

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Field:
    """One column of a dataset, as the data dictionary describes it."""

    name: str
    type: str  # integer, number, string, boolean, date, date-time, list
    meaning: Promise


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    fields: tuple[Field, ...]
    formats: tuple[str, ...]
    queryset: Callable  # the public records, for the count and the update time
    rows: Callable[..., Iterator[dict]]
    has_timestamps: bool = True

    def stats(self) -> tuple[int, datetime | None]:
        """(record count, latest change) of the public records."""
        queryset = self.queryset().order_by()
        if not self.has_timestamps:
            return queryset.count(), None
        values = queryset.aggregate(n=Count("pk"), latest=Max("updated_at"))
        return values["n"], values["latest"]


def _id_range(batch: list[dict], field: str) -> dict:
    """A range filter covering a batch ordered by id: much cheaper to build and run than an IN
    list of thousands of ids; rows outside the batch are simply never looked up."""
    return {f"{field}__gte": batch[0]["id"], f"{field}__lte": batch[-1]["id"]}


# iCalendar day codes, as HSDS schedules use them; 0 is Monday as in the directory.
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _lists_by_id(pairs) -> dict[int, list]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def service_point_rows(
    chunk_size: int = CHUNK_SIZE, categories: bool = True, queryset=None
) -> Iterator[dict]:
    """Rows of ``queryset`` (a filtered ``public_service_points()``; all of them by default)."""
    rows = (
        (public_service_points() if queryset is None else queryset)
        .order_by("id")
        .values(
            "id",
            "name",
            "name_en",
            "level",
            "division__code",
            "division__name",
            "public_address",
            "public_latitude",
            "public_longitude",
            "location_precision",
            "location_approximate",
            "service_phone",
            "is_demo",
            "updated_at",
        )
    )
    through = ServicePoint.categories.through
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        periods = _lists_by_id(
            (point_id, Period(weekday, opens, closes))
            for point_id, weekday, opens, closes in OpeningPeriod.objects.filter(
                **_id_range(batch, "service_point_id")
            )
            .order_by("service_point_id", "weekday", "opens")
            .values_list("service_point_id", "weekday", "opens", "closes")
        )
        offered = (
            _lists_by_id(
                through.objects.filter(**_id_range(batch, "servicepoint_id"))
                .order_by("servicepoint_id", "servicecategory_id")
                .values_list("servicepoint_id", "servicecategory_id")
            )
            if categories
            else {}
        )
        for r in batch:
            yield {
                "id": r["id"],
                "name": r["name"],
                "name_en": r["name_en"],
                "level": r["level"],
                "division_code": r["division__code"],
                "division_name": r["division__name"],
                "address": r["public_address"],
                "latitude": r["public_latitude"],
                "longitude": r["public_longitude"],
                "location_precision": r["location_precision"],
                # The public rule (ServicePoint.public_location_approximate): a township-
                # precision point is drawn at its township's seat, so it is approximate too.
                "location_approximate": r["location_approximate"]
                or r["location_precision"] == LocationPrecision.TOWNSHIP,
                "categories": offered.get(r["id"], []),
                # Always in Chinese, like the rest of the file ("周一至周五 8:30–17:30").
                "opening_hours": render_weekly(periods.get(r["id"], []), "zh"),
                "opening_periods": [
                    {
                        "weekday": WEEKDAY_CODES[p.weekday],
                        "opens": p.opens.strftime("%H:%M"),
                        "closes": p.closes.strftime("%H:%M"),
                    }
                    for p in periods.get(r["id"], [])
                ],
                "service_phone": r["service_phone"],
                "is_demo": r["is_demo"],
                "updated_at": r["updated_at"],
            }


# Organization.PUBLIC_FIELDS as columns: the verification time is published as a date.
ORGANIZATION_COLUMNS = (
    "id",
    *("verified_on" if name == "verified_at" else name for name in Organization.PUBLIC_FIELDS),
    "is_demo",
    "updated_at",
)


def organization_rows(chunk_size: int = CHUNK_SIZE, queryset=None) -> Iterator[dict]:
    """Rows of ``queryset`` (a filtered ``public_organizations()``; all of them by default)."""
    own = [name for name in Organization.PUBLIC_FIELDS if name != "service_area"]
    rows = (
        (public_organizations() if queryset is None else queryset)
        .order_by("id")
        .values("id", *own, "is_demo", "updated_at")
    )
    through = Organization.service_area.through
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        areas = _lists_by_id(
            through.objects.filter(**_id_range(batch, "organization_id"))
            .order_by("organization_id", "division__code")
            .values_list("organization_id", "division__code")
        )
        for r in batch:
            r["service_area"] = areas.get(r["id"], [])
            r["verified_on"] = timezone.localdate(r.pop("verified_at"))
            yield {column: r[column] for column in ORGANIZATION_COLUMNS}


# Project.PUBLIC_FIELDS as download columns: relations become their identifiers (and the
# organisation's name too, so a spreadsheet needs no second file to say who runs a project).
PROJECT_RELATION_COLUMNS = {
    "organization": ("organization_id", "organization_name"),
    "service_points": ("service_points",),
    "divisions": ("divisions",),
}
PROJECT_COLUMNS = (
    "id",
    *(
        column
        for name in Project.PUBLIC_FIELDS
        for column in PROJECT_RELATION_COLUMNS.get(name, (name,))
    ),
    "is_demo",
    "updated_at",
)


def project_rows(chunk_size: int = CHUNK_SIZE, queryset=None) -> Iterator[dict]:
    """Rows of ``queryset`` (a filtered ``public_projects()``; all of them by default)."""
    own = [name for name in Project.PUBLIC_FIELDS if name not in PROJECT_RELATION_COLUMNS]
    rows = (
        (public_projects() if queryset is None else queryset)
        .order_by("id")
        .values("id", *own, "organization_id", "organization__name", "is_demo", "updated_at")
    )
    points = Project.service_points.through
    divisions = Project.divisions.through
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        ids = _id_range(batch, "project_id")
        point_ids = _lists_by_id(
            # Hidden points are left out of the project's places.
            points.objects.filter(**ids, servicepoint__is_public=True)
            .order_by("project_id", "servicepoint_id")
            .values_list("project_id", "servicepoint_id")
        )
        division_codes = _lists_by_id(
            divisions.objects.filter(**ids)
            .order_by("project_id", "division__code")
            .values_list("project_id", "division__code")
        )
        for r in batch:
            r["organization_name"] = r.pop("organization__name")
            r["service_points"] = point_ids.get(r["id"], [])
            r["divisions"] = division_codes.get(r["id"], [])
            yield {column: r[column] for column in PROJECT_COLUMNS}


# Division.PUBLIC_FIELDS as columns: the parent by its code.
DIVISION_COLUMNS = tuple(
    "parent_code" if name == "parent" else name for name in Division.PUBLIC_FIELDS
)


def division_rows(chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    values = ["parent__code" if name == "parent" else name for name in Division.PUBLIC_FIELDS]
    rows = public_divisions().order_by("code").values(*values)
    for r in rows.iterator(chunk_size=chunk_size):
        r["parent_code"] = r.pop("parent__code")
        yield {column: r[column] for column in DIVISION_COLUMNS}


def described(columns: tuple[str, ...], *fields: Field) -> tuple[Field, ...]:
    """The data dictionary of ``columns``, in their order. A public column without its
    description, or a description of no column, stops the portal at import: the page of the
    dataset and its files can never disagree."""
    by_name = {field.name: field for field in fields}
    if set(by_name) != set(columns):
        raise ImproperlyConfigured(
            f"Columns {sorted(set(columns) ^ set(by_name))} are published without a description "
            "or described without being published."
        )
    return tuple(by_name[column] for column in columns)


IS_DEMO = Field(
    "is_demo", "boolean", _("true for generated demonstration data, not a real record.")
)
UPDATED_AT = Field("updated_at", "date-time", _("When the record last changed (ISO 8601)."))

SERVICE_POINTS = Dataset(
    slug="service-points",
    title=_("Service points"),
    description=_(
        "The stations of the four-level network: regional child-welfare institutions, "
        "minors-protection and guidance centres, children's care stations and children's homes. "
        "Points shown at township precision carry their township's centre and no address."
    ),
    fields=(
        Field("id", "integer", _("Identifier, stable across downloads and the API.")),
        Field("name", "string", _("Name in Chinese.")),
        Field("name_en", "string", _("Name in English, where known.")),
        Field("level", "string", _("Network level: city, county, township or village.")),
        Field("division_code", "string", _("Code of the division served (NBS 2023).")),
        Field("division_name", "string", _("Name of the division served.")),
        Field("address", "string", _("Street address; empty for township-precision points.")),
        Field("latitude", "number", _("WGS-84 latitude of the public location.")),
        Field("longitude", "number", _("WGS-84 longitude of the public location.")),
        Field(
            "location_precision",
            "string",
            _("exact, or township: the location is the township's centre."),
        ),
        Field(
            "location_approximate",
            "boolean",
            _(
                "true when the location is only a division's seat: the point was placed there, "
                "or is published at township precision."
            ),
        ),
        Field(
            "categories",
            "list",
            _("Projects offered, of the ten (codes separated by ; in CSV)."),
        ),
        Field(
            "opening_hours",
            "string",
            _("Weekly opening hours in Chinese, e.g. 周一至周五 8:30–17:30; empty when unknown."),
        ),
        Field("service_phone", "string", _("The station's public service line.")),
        IS_DEMO,
        UPDATED_AT,
    ),
    formats=("csv", "geojson", "json"),
    queryset=lambda: ServicePoint.objects.public(),
    rows=service_point_rows,
)

ORGANIZATIONS = Dataset(
    slug="organizations",
    title=_("Organisations"),
    description=_(
        "Social organisations, social-work agencies, charities and volunteer teams that serve "
        "children in the programme, with their public contact channel."
    ),
    fields=described(
        ORGANIZATION_COLUMNS,
        Field("id", "integer", _("Identifier, stable across downloads and the API.")),
        Field("name", "string", _("Name in Chinese.")),
        Field("name_en", "string", _("Name in English, where known.")),
        Field("uscc", "string", _("Unified Social Credit Code (18 characters).")),
        Field(
            "kind",
            "string",
            _("social_organisation, social_work_agency, charity or volunteer_team."),
        ),
        Field("rating", "string", _("Evaluation rating 1A to 5A; empty when not rated.")),
        Field("contact_channel", "string", _("The organisation's public contact channel.")),
        Field("service_area", "list", _("Codes of the divisions served.")),
        Field("description", "string", _("What the organisation does.")),
        Field(
            "verified_on",
            "date",
            _("When county or city staff last verified it (re-verified every year)."),
        ),
        IS_DEMO,
        UPDATED_AT,
    ),
    formats=("csv", "json"),
    queryset=public_organizations,
    rows=organization_rows,
)

PROJECTS = Dataset(
    slug="projects",
    title=_("Projects"),
    description=_(
        "Projects run by organisations under the programme's ten projects: holiday camps, "
        "weekend classes, counselling, legal aid and more."
    ),
    fields=described(
        PROJECT_COLUMNS,
        Field("id", "integer", _("Identifier, stable across downloads and the API.")),
        Field("title", "string", _("Title in Chinese.")),
        Field("title_en", "string", _("Title in English, where known.")),
        Field("category", "string", _("Which of the ten projects it belongs to.")),
        Field("organization_id", "integer", _("Identifier of the organisation running it.")),
        Field("organization_name", "string", _("Name of the organisation running it.")),
        Field("service_points", "list", _("Identifiers of the service points where it runs.")),
        Field("divisions", "list", _("Codes of the divisions it serves.")),
        Field("summary", "string", _("What the project offers.")),
        Field("start_date", "date", _("First day, when dated.")),
        Field("end_date", "date", _("Last day, when dated.")),
        Field("schedule", "string", _("Recurring schedule, for regular activities.")),
        Field("age_min", "integer", _("Youngest age served, when limited.")),
        Field("age_max", "integer", _("Oldest age served, when limited.")),
        Field("capacity", "integer", _("Places available, when limited.")),
        Field("is_free", "boolean", _("true when families pay nothing.")),
        Field("cost", "string", _("What families pay, when not free.")),
        Field("how_to_join", "string", _("How families sign up.")),
        IS_DEMO,
        UPDATED_AT,
    ),
    formats=("csv", "json"),
    queryset=lambda: Project.objects.public(),
    rows=project_rows,
)

DIVISIONS = Dataset(
    slug="divisions",
    title=_("Administrative divisions"),
    description=_(
        "Fujian's cities, counties and townships with their NBS 2023 codes and the WGS-84 point "
        "of their seat of government (from GeoNames)."
    ),
    fields=described(
        DIVISION_COLUMNS,
        Field("code", "string", _("NBS 2023 statistical division code.")),
        Field("name", "string", _("Name in Chinese.")),
        Field("name_en", "string", _("Name in pinyin with an English level word.")),
        Field("level", "string", _("city, county or township.")),
        Field("parent_code", "string", _("Code of the division it belongs to.")),
        Field("latitude", "number", _("WGS-84 latitude of the seat.")),
        Field("longitude", "number", _("WGS-84 longitude of the seat.")),
        Field(
            "location_approximate",
            "boolean",
            _("true when the point is the parent's, as no open source places this division."),
        ),
    ),
    formats=("csv", "geojson", "json"),
    queryset=lambda: Division.objects.all(),
    rows=division_rows,
)

DATASETS: dict[str, Dataset] = {
    d.slug: d for d in (SERVICE_POINTS, ORGANIZATIONS, PROJECTS, DIVISIONS)
}
