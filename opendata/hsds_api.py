"""The HSDS 3.0 API (/api/hsds/): which records each endpoint lists, found by their HSDS ids.

The records are built by ``opendata.hsds``, the code that writes the HSDS downloads, from the
same public rows (``opendata.datasets`` over ``opendata.queries``): the API and the files agree
field for field, and nothing the downloads leave out can appear here.

A list is a sequence of *parts* (service points and projects are both HSDS services, say), each
a queryset or a fixed list with a builder that turns one page's slice into records. Paging,
counting and the conditional-GET fingerprint walk the parts in order.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from directory.models import LocationPrecision, Project, ProjectCategory, ServicePoint

from . import hsds
from .conditional import Stamp, stamp_of
from .datasets import organization_rows, project_rows, service_point_rows
from .exports import dumps
from .queries import public_organizations, public_projects, public_service_points

PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/"
APPROXIMATE = Q(location_precision=LocationPrecision.TOWNSHIP) | Q(location_approximate=True)


def jsonable(value):
    """A record as JSON would carry it: dates as the downloads write them, unknowns left out."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


# --- parts and pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One source of a list: ``count()``, ``stamp()`` and ``build(offset, limit)``."""

    count: Callable[[], int]
    stamp: Callable[[], Stamp]
    build: Callable[[int, int], list[dict]]


def queryset_part(queryset, build_ids: Callable[[list[int]], list[dict]], stamp=None) -> Part:
    """A part over a queryset of records ordered by id; ``build_ids`` builds the records of
    a page's ids, in order."""
    ordered = queryset.order_by("id")

    def build(offset: int, limit: int) -> list[dict]:
        return build_ids(list(ordered.values_list("id", flat=True)[offset : offset + limit]))

    return Part(ordered.count, stamp or (lambda: stamp_of(queryset)), build)


def fixed_part(records: Sequence[dict]) -> Part:
    """A part of records that are not stored (the network organisation, the taxonomies)."""
    records = [jsonable(r) for r in records]
    digest = hashlib.sha256(dumps(records).encode()).hexdigest()
    return Part(
        lambda: len(records),
        lambda: Stamp(len(records), None, digest),
        lambda offset, limit: records[offset : offset + limit],
    )


def combined_stamp(parts: Sequence[Part]) -> Stamp:
    stamps = [part.stamp() for part in parts]
    dates = [s.modified for s in stamps if s.modified]
    return Stamp(
        sum(s.count for s in stamps),
        max(dates) if dates else None,
        "|".join(s.extra for s in stamps),
    )


@dataclass(frozen=True)
class Page:
    total_items: int
    page_number: int
    per_page: int
    contents: list[dict]

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total_items / self.per_page))

    def body(self) -> dict:
        """HSDS's paginated shape (the ``Page`` schema of its OpenAPI file plus ``contents``)."""
        return {
            "total_items": self.total_items,
            "total_pages": self.total_pages,
            "page_number": self.page_number,
            "size": len(self.contents),
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= self.total_pages,
            "empty": not self.contents,
            "contents": self.contents,
        }


def page_of(parts: Sequence[Part], page_number: int, per_page: int) -> Page | None:
    """Page ``page_number`` (from 1) of the parts in order; None past the last page."""
    counts = [part.count() for part in parts]
    total = sum(counts)
    if page_number > max(1, math.ceil(total / per_page)):
        return None
    offset, wanted = (page_number - 1) * per_page, per_page
    contents: list[dict] = []
    for part, count in zip(parts, counts, strict=True):
        if offset >= count:
            offset -= count
            continue
        records = part.build(offset, wanted)
        contents.extend(records)
        wanted -= len(records)
        offset = 0
        if wanted <= 0:
            break
    return Page(total, page_number, per_page, contents)


def every_record(parts: Sequence[Part], batch: int = 500) -> Iterator[dict]:
    """All the records of the parts, batch by batch (the ``ndjson`` format)."""
    for part in parts:
        offset = 0
        while records := part.build(offset, batch):
            yield from records
            offset += len(records)


# --- ids ----------------------------------------------------------------------------------


def term_code(term_id: str) -> str | None:
    """The code of the taxonomy term with this HSDS id, or None."""
    for term in hsds.taxonomy_terms():
        if term["id"] == term_id.lower():
            return term["code"]
    return None


def taxonomy_name(taxonomy_id: str) -> str | None:
    for taxonomy in hsds.taxonomies():
        if taxonomy["id"] == taxonomy_id.lower():
            return taxonomy["name"]
    return None


NETWORK_ID = hsds.uid("organization", hsds.NETWORK_ORGANIZATION)


def organization_pk(organization_id: str) -> int | None:
    """The directory id of a public organisation with this HSDS id (None: none, or the network
    organisation, which is not stored)."""
    pk = hsds.record_id("organization", organization_id)
    if pk is None or not public_organizations().filter(pk=pk).exists():
        return None
    return pk


# --- records ------------------------------------------------------------------------------


def _point_rows(ids: list[int]) -> dict[int, dict]:
    rows = service_point_rows(queryset=public_service_points().filter(pk__in=ids))
    return {row["id"]: row for row in rows}


def _project_rows(ids: list[int]) -> dict[int, dict]:
    return {row["id"]: row for row in project_rows(queryset=public_projects().filter(pk__in=ids))}


def _in_order(ids: list[int], rows: dict[int, dict], build: Callable[[dict], dict]) -> list:
    return [jsonable(build(rows[pk])) for pk in ids if pk in rows]


def _location(row: dict) -> dict:
    """A point's location with its own attributes (the precision term) and schedules."""
    location = hsds.point_location(row)
    location["attributes"] = [a for a in hsds.point_attributes(row) if a["link_type"] == "location"]
    return location


def point_services(ids: list[int]) -> list[dict]:
    return _in_order(ids, _point_rows(ids), hsds.point_service)


def project_services(ids: list[int]) -> list[dict]:
    today = timezone.localdate()
    return _in_order(ids, _project_rows(ids), lambda row: hsds.project_service(row, today))


def point_service_at_locations(ids: list[int]) -> list[dict]:
    def build(row):
        return {**hsds.point_service_at_location(row), "location": _location(row)}

    return _in_order(ids, _point_rows(ids), build)


def project_service_at_locations(pairs: list[tuple[int, int]]) -> list[dict]:
    points = _point_rows(sorted({point for _, point in pairs}))
    return [
        jsonable({**hsds.project_service_at_location(p, s), "location": _location(points[s])})
        for p, s in pairs
        if s in points
    ]


def organizations(ids: list[int]) -> list[dict]:
    rows = {
        r["id"]: r for r in organization_rows(queryset=public_organizations().filter(pk__in=ids))
    }
    return _in_order(ids, rows, hsds.organization_record)


# --- lists --------------------------------------------------------------------------------


def _filtered_points(params: dict):
    queryset = public_service_points()
    if text := params.get("search"):
        queryset = queryset.filter(Q(name__icontains=text) | Q(name_en__icontains=text))
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    if (code := params.get("taxonomy_term_code")) is not None:
        if code == "township-centre":
            queryset = queryset.filter(location_precision=LocationPrecision.TOWNSHIP)
        elif code == "division-seat":
            queryset = queryset.filter(location_approximate=True).exclude(
                location_precision=LocationPrecision.TOWNSHIP
            )
        else:
            queryset = queryset.filter(categories__code=code)
    if (taxonomy := params.get("taxonomy_name")) == hsds.TAXONOMY:
        queryset = queryset.filter(categories__isnull=False)
    elif taxonomy == hsds.PRECISION_TAXONOMY:
        queryset = queryset.filter(APPROXIMATE)
    if params.get("organization_pk") is not None:
        queryset = queryset.none()  # points belong to the network organisation only
    return queryset.distinct()


def _filtered_projects(params: dict):
    queryset = Project.objects.public()
    if text := params.get("search"):
        queryset = queryset.filter(
            Q(title__icontains=text) | Q(title_en__icontains=text) | Q(summary__icontains=text)
        )
    if "modified_after" in params:
        queryset = queryset.filter(updated_at__gte=params["modified_after"])
    code = params.get("taxonomy_term_code")
    if code is not None:
        queryset = queryset.filter(category=code) if code in ProjectCategory.values else None
    if queryset is not None and params.get("taxonomy_name") == hsds.PRECISION_TAXONOMY:
        queryset = None  # the precision terms describe locations, never a project
    if queryset is not None and params.get("organization_id"):
        pk = params.get("organization_pk")
        queryset = queryset.filter(organization_id=pk) if pk is not None else None
    return queryset


def service_parts(params: dict) -> list[Part]:
    """Services: a service per public service point, then every public project."""
    points = _filtered_points(params)
    projects = _filtered_projects(params)
    parts = [queryset_part(points, point_services)]
    if projects is not None:
        parts.append(queryset_part(projects, project_services))
    return parts


def _pairs(params: dict, projects):
    """(project, point) rows: a public project at a public point, as a queryset of the link."""
    through = Project.service_points.through
    queryset = through.objects.filter(
        project__in=projects, servicepoint__in=ServicePoint.objects.public()
    )
    if text := params.get("search"):
        queryset = queryset.filter(
            Q(project__title__icontains=text)
            | Q(servicepoint__name__icontains=text)
            | Q(servicepoint__name_en__icontains=text)
        )
    if "modified_after" in params:
        # The record nests the point's location: a change of either changes it.
        queryset = queryset.filter(
            Q(project__updated_at__gte=params["modified_after"])
            | Q(servicepoint__updated_at__gte=params["modified_after"])
        )
    return queryset


def _pairs_part(queryset) -> Part:
    ordered = queryset.order_by("project_id", "servicepoint_id")

    def stamp() -> Stamp:
        values = ordered.order_by().aggregate(
            n=Count("pk"),
            latest=Max(Greatest(F("project__updated_at"), F("servicepoint__updated_at"))),
        )
        return Stamp(values["n"], values["latest"])

    def build(offset: int, limit: int) -> list[dict]:
        pairs = ordered.values_list("project_id", "servicepoint_id")[offset : offset + limit]
        return project_service_at_locations(list(pairs))

    return Part(ordered.count, stamp, build)


def service_at_location_parts(params: dict) -> list[Part]:
    """A service at location per public point (its own service), then one per public project
    at each of its public points."""
    search_free = {k: v for k, v in params.items() if k not in ("search", "modified_after")}
    parts = [queryset_part(_filtered_points(params), point_service_at_locations)]
    projects = _filtered_projects(search_free)
    if projects is not None:
        parts.append(_pairs_part(_pairs(params, projects)))
    return parts


def organization_parts(params: dict) -> list[Part]:
    """The network organisation, then every public organisation."""
    network = [hsds.network_organization()]
    queryset = public_organizations()
    if text := params.get("search"):
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(name_en__icontains=text) | Q(description__icontains=text)
        )
        network = [o for o in network if _contains(o, text, ("name", "description"))]
    return [fixed_part(network), queryset_part(queryset, organizations)]


def _contains(record: dict, text: str, fields: Sequence[str]) -> bool:
    return any(text.casefold() in str(record.get(f, "")).casefold() for f in fields)


def taxonomy_parts(params: dict) -> list[Part]:
    records = hsds.taxonomies()
    if text := params.get("search"):
        records = [r for r in records if _contains(r, text, ("name", "description"))]
    return [fixed_part(records)]


def taxonomy_term_parts(params: dict) -> list[Part]:
    records = list(hsds.taxonomy_terms())
    if text := params.get("search"):
        records = [r for r in records if _contains(r, text, ("code", "name", "description"))]
    if name := params.get("taxonomy_name"):
        records = [r for r in records if r["taxonomy"] == name]
    if params.get("parent_id"):
        records = []  # both vocabularies are flat: no term has a parent
    # top_only: every term is a top-level term.
    return [fixed_part(records)]


# --- single records -----------------------------------------------------------------------


def service(service_id: str) -> dict | None:
    """A fully nested service: its organisation, phones, schedules, service areas, services at
    locations (with their locations) and attributes. None when no public record has the id."""
    if (pk := hsds.record_id("service_point_service", service_id)) is not None:
        row = _point_rows([pk]).get(pk)
        if row is None:
            return None
        return jsonable(
            {
                **hsds.point_service(row),
                "organization": hsds.network_organization(),
                "phones": list(hsds.point_phones(row)),
                "schedules": list(hsds.point_schedules(row)),
                "service_at_locations": point_service_at_locations([pk]),
                "attributes": [
                    a for a in hsds.point_attributes(row) if a["link_type"] == "service"
                ],
            }
        )
    if (pk := hsds.record_id("project", service_id)) is not None:
        row = _project_rows([pk]).get(pk)
        if row is None:
            return None
        return jsonable(
            {
                **hsds.project_service(row),
                "organization": hsds.project_organization(row),
                "service_areas": list(hsds.project_service_areas(row)),
                "service_at_locations": project_service_at_locations(
                    [(pk, point) for point in row["service_points"]]
                ),
                "attributes": list(hsds.project_attributes(row)),
            }
        )
    return None


def service_at_location(record_id: str) -> dict | None:
    """A service at a location with its location, service, phones, schedules and attributes."""
    if (pk := hsds.record_id("service_point_service_at_location", record_id)) is not None:
        row = _point_rows([pk]).get(pk)
        if row is None:
            return None
        return jsonable(
            {
                **hsds.point_service_at_location(row),
                "location": _location(row),
                "service": hsds.point_service(row),
                "phones": list(hsds.point_phones(row)),
                "schedules": list(hsds.point_schedules(row)),
            }
        )
    if (ids := hsds.pair_ids("project_service_at_location", record_id)) is not None:
        project_pk, point_pk = ids
        row = _project_rows([project_pk]).get(project_pk)
        if row is None or point_pk not in row["service_points"]:
            return None
        (record,) = project_service_at_locations([ids])
        return {**record, "service": jsonable(hsds.project_service(row))}
    return None


def organization(organization_id: str) -> dict | None:
    """An organisation with its identifiers (the network organisation has none)."""
    if organization_id.lower() == NETWORK_ID:
        return jsonable(hsds.network_organization())
    pk = organization_pk(organization_id)
    if pk is None:
        return None
    row = next(organization_rows(queryset=public_organizations().filter(pk=pk)))
    return jsonable(
        {
            **hsds.organization_record(row),
            "organization_identifiers": list(hsds.organization_identifiers(row)),
        }
    )


def taxonomy(taxonomy_id: str) -> dict | None:
    return next((r for r in hsds.taxonomies() if r["id"] == taxonomy_id.lower()), None)


def taxonomy_term(term_id: str) -> dict | None:
    return next((r for r in hsds.taxonomy_terms() if r["id"] == term_id.lower()), None)
