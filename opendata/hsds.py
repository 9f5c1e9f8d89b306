"""The directory shaped after Open Referral HSDS 3.0, tabular form (schema/compiled/tabular.json):
one JSON object whose keys are HSDS tables (organization, service, location, phone,
service_at_location, service_area, taxonomy, taxonomy_term, attribute, schedule,
organization_identifier), each an
array of records with UUID identifiers.

Identifiers are stable UUIDs derived from our record ids, so the same station has the same
location id in every file and a tool can join ``service-points.json`` and ``projects.json``.
``is_demo`` is an extension property on every organisation, service and location.

Streaming: the rows are read once. The first table is sent as it is built; the others are
written to temporary files on the way (constant memory, disk the size of the output) and sent
after it. Weekly opening hours become HSDS ``schedule`` records (freq WEEKLY, byday, opens_at,
closes_at with the +08:00 offset, timezone 8), one per period. The HSDS API (``hsds_api``)
builds its records with the same functions.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import chain

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import ProjectCategory, ServiceLevel

from .datasets import (
    CHUNK_SIZE,
    DIVISIONS,
    ORGANIZATIONS,
    PROJECTS,
    SERVICE_POINTS,
    WEEKDAY_CODES,
    Dataset,
)
from .exports import dumps, json_array_stream
from .queries import batched

HSDS_VERSION = "3.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fulei-portal:opendata")
TAXONOMY = "fulei-ten-projects"
PRECISION_TAXONOMY = "fulei-location-precision"
# Fujian keeps UTC+8 all year: HSDS wants the offset as a number and on every time.
UTC_OFFSET_HOURS = 8
UTC_OFFSET = "+08:00"
# The service points are run by the civil-affairs system; they have no organisation record of
# their own yet, so their services hang off this one organisation.
NETWORK_ORGANIZATION = "network"
SPOOL_READ = 64 * 1024

Table = tuple[str, Callable[[dict], Iterable[dict]]]


@lru_cache(maxsize=256)
def _prefix(kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, kind))[:24]


@lru_cache(maxsize=1024)
def _hashed(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def uid(kind: str, key) -> str:
    """A stable UUID for (kind, key).

    For a record id the UUID is the kind's own UUID 5 with the id in its last 12 hex digits:
    hashing 700k ids per table would dominate the export's time. Other keys are hashed (UUID 5).
    """
    if isinstance(key, int) and 0 <= key < 16**12:
        return f"{_prefix(kind)}{key:012x}"
    if isinstance(key, str) and len(key) <= 32:  # category codes and the like: few, cached
        return _hashed(kind, key)
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def record_id(kind: str, text: str) -> int | None:
    """The record id inside ``uid(kind, id)``, or None when ``text`` is no such identifier."""
    text = text.lower()
    prefix = _prefix(kind)
    tail = text[len(prefix) :]
    if len(text) != 36 or not text.startswith(prefix) or not _is_hex(tail):
        return None
    return int(tail, 16)


@lru_cache(maxsize=64)
def _pair_prefix(kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, kind))[:8]


def pair_uid(kind: str, first: int, second: int) -> str:
    """A stable UUID-shaped identifier for a pair of record ids (a project at a service point):
    the kind's 8 hex digits, then both ids in 12 hex digits each, so it can be read back."""
    a = f"{first:012x}"
    return f"{_pair_prefix(kind)}-{a[:4]}-{a[4:8]}-{a[8:]}-{second:012x}"


def pair_ids(kind: str, text: str) -> tuple[int, int] | None:
    """The two record ids inside ``pair_uid(kind, ...)``, or None."""
    parts = text.lower().split("-")
    if (
        len(text) != 36
        or [len(part) for part in parts] != [8, 4, 4, 4, 12]
        or parts[0] != _pair_prefix(kind)
        or not all(_is_hex(part) for part in parts)
    ):
        return None
    return int("".join(parts[1:4]), 16), int(parts[4], 16)


def _is_hex(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdef" for c in text)


def clean(record: dict) -> dict:
    """The record without its unknown values: the HSDS schema types every field and has no null."""
    return {key: value for key, value in record.items() if value is not None and value != ""}


def _document(
    rows: Iterable[dict], fixed: list[tuple[str, Iterable[dict]]], tables: list[Table]
) -> Iterator[str]:
    """``{"hsds_version", fixed tables..., tables built from rows...}`` in one pass over rows."""
    yield '{"hsds_version":' + dumps(HSDS_VERSION)
    for name, records in fixed:
        yield from json_array_stream(map(clean, records), "," + dumps(name) + ":[", "]")
    (first_name, first), rest = tables[0], tables[1:]
    with ExitStack() as stack:
        spools = [
            stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8")) for _ in rest
        ]
        started = [False] * len(rest)
        yield "," + dumps(first_name) + ":["
        sent = False
        for batch in batched(rows, 500):
            out = []
            for row in batch:
                out.extend(dumps(clean(record)) for record in first(row))
                for i, (_name, build) in enumerate(rest):
                    for record in build(row):
                        spools[i].write(("," if started[i] else "") + dumps(clean(record)))
                        started[i] = True
            if out:
                yield ("," if sent else "") + ",".join(out)
                sent = True
        yield "]"
        for (name, _build), spool in zip(rest, spools, strict=True):
            yield "," + dumps(name) + ":["
            spool.seek(0)
            while chunk := spool.read(SPOOL_READ):
                yield chunk
            yield "]"
    yield "}"


def taxonomies() -> list[dict]:
    """The two vocabularies the attributes use."""
    return [
        {
            "id": uid("taxonomy", TAXONOMY),
            "name": TAXONOMY,
            "description": _("The ten projects of the Fulei programme."),
        },
        {
            "id": uid("taxonomy", PRECISION_TAXONOMY),
            "name": PRECISION_TAXONOMY,
            "description": _("How precisely a location's published position places it."),
        },
    ]


PRECISION_TERMS = {
    # code: (label, description)
    "township-centre": (
        gettext_lazy("Township centre"),
        gettext_lazy("The position is the centre of the township, not the place itself."),
    ),
    "division-seat": (
        gettext_lazy("Division seat"),
        gettext_lazy("The position is the seat of the division served, not the place itself."),
    ),
}


def taxonomy_terms() -> Iterator[dict]:
    for category in ProjectCategory:
        yield {
            "id": uid("taxonomy_term", category.value),
            "code": category.value,
            "name": str(category.label),
            "description": str(category.label),
            "taxonomy": TAXONOMY,
            "taxonomy_id": uid("taxonomy", TAXONOMY),
            "language": "zh-Hans",
        }
    for code, (label, description) in PRECISION_TERMS.items():
        yield {
            "id": uid("taxonomy_term", code),
            "code": code,
            "name": str(label),
            "description": str(description),
            "taxonomy": PRECISION_TAXONOMY,
            "taxonomy_id": uid("taxonomy", PRECISION_TAXONOMY),
            "language": "zh-Hans",
        }


def precision_code(row: dict) -> str | None:
    """The precision term of a service point's published position, None when exact."""
    if row["location_precision"] != "exact":
        return "township-centre"
    if row["location_approximate"]:
        return "division-seat"
    return None


def network_organization() -> dict:
    """The organisation the service points' services belong to (listed in every HSDS output)."""
    return {
        "id": uid("organization", NETWORK_ORGANIZATION),
        "name": _("Fujian Fulei programme service network"),
        "description": _(
            "The four-level network of child-welfare and children's care stations run by "
            "the civil-affairs departments of Fujian."
        ),
    }


def first_on_or_after(day: date, weekday_code: str) -> date:
    """``dtstart`` of a weekly rule: its first day on or after ``day``."""
    wanted = WEEKDAY_CODES.index(weekday_code)
    return day + timedelta(days=(wanted - day.weekday()) % 7)


def local_date(moment: datetime | None) -> date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def _attribute(service_kind: str, record_id: int, code: str) -> dict:
    return {
        "id": uid(f"attribute:{service_kind}:{code}", record_id),
        "link_id": uid(service_kind, record_id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": uid("taxonomy_term", code),
        "value": code,
    }


def _location_description(row: dict) -> str | None:
    parts = []
    if row["address"]:
        parts.append(_("Address: %(address)s") % {"address": row["address"]})
    code = precision_code(row)
    if code:
        parts.append(str(PRECISION_TERMS[code][1]))
    return " ".join(parts) or None


def point_service(row: dict) -> dict:
    levels = {value: str(label) for value, label in ServiceLevel.choices}
    return {
        "id": uid("service_point_service", row["id"]),
        "organization_id": uid("organization", NETWORK_ORGANIZATION),
        "name": row["name"],
        "alternate_name": row["name_en"],
        "description": levels.get(row["level"], row["level"]),
        "status": "active",
        "last_modified": row["updated_at"],
        "is_demo": row["is_demo"],
    }


def point_location(row: dict) -> dict:
    return {
        "id": uid("service_point_location", row["id"]),
        "location_type": "physical",
        "name": row["name"],
        "alternate_name": row["name_en"],
        "description": _location_description(row),
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "external_identifier": str(row["id"]),
        "external_identifier_type": "fulei-service-point-id",
        "location_approximate": precision_code(row) is not None,
        "is_demo": row["is_demo"],
    }


def point_phones(row: dict) -> Iterator[dict]:
    if row["service_phone"]:
        yield {
            "id": uid("service_point_phone", row["id"]),
            "location_id": uid("service_point_location", row["id"]),
            "service_id": uid("service_point_service", row["id"]),
            "number": row["service_phone"],
            "type": "voice",
        }


def point_service_at_location(row: dict) -> dict:
    return {
        "id": uid("service_point_service_at_location", row["id"]),
        "service_id": uid("service_point_service", row["id"]),
        "location_id": uid("service_point_location", row["id"]),
    }


def point_attributes(row: dict) -> Iterator[dict]:
    for code in row["categories"]:
        yield _attribute("service_point_service", row["id"], code)
    code = precision_code(row)
    if code:
        yield {
            "id": uid(f"attribute:service_point_location:{code}", row["id"]),
            "link_id": uid("service_point_location", row["id"]),
            "link_type": "location",
            "link_entity": "location",
            "taxonomy_term_id": uid("taxonomy_term", code),
            "value": code,
        }


def point_schedules(row: dict) -> Iterator[dict]:
    since = local_date(row["updated_at"])
    for index, period in enumerate(row["opening_periods"]):
        yield {
            "id": uid(f"service_point_schedule:{index}", row["id"]),
            "service_id": uid("service_point_service", row["id"]),
            "location_id": uid("service_point_location", row["id"]),
            "service_at_location_id": uid("service_point_service_at_location", row["id"]),
            "timezone": UTC_OFFSET_HOURS,
            "freq": "WEEKLY",
            "interval": 1,
            "dtstart": first_on_or_after(since, period["weekday"]).isoformat(),
            "byday": period["weekday"],
            "opens_at": period["opens"] + UTC_OFFSET,
            "closes_at": period["closes"] + UTC_OFFSET,
        }


def service_points_document(chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    return _document(
        SERVICE_POINTS.rows(chunk_size),
        [
            ("organization", [network_organization()]),
            ("taxonomy", taxonomies()),
            ("taxonomy_term", taxonomy_terms()),
        ],
        [
            ("service", lambda row: [point_service(row)]),
            ("location", lambda row: [point_location(row)]),
            ("phone", point_phones),
            ("service_at_location", lambda row: [point_service_at_location(row)]),
            ("attribute", point_attributes),
            ("schedule", point_schedules),
        ],
    )


def organization_record(row: dict) -> dict:
    """An organisation of the directory (a row of ``organization_rows``)."""
    return {
        "id": uid("organization", row["id"]),
        "name": row["name"],
        "alternate_name": row["name_en"],
        "description": row["description"] or row["name"],
        "contact_channel": row["contact_channel"],
        "is_demo": row["is_demo"],
    }


def organization_identifiers(row: dict) -> Iterator[dict]:
    yield {
        "id": uid("organization_identifier", row["id"]),
        "organization_id": uid("organization", row["id"]),
        "identifier_scheme": "CN-USCC",
        "identifier_type": "Unified Social Credit Code",
        "identifier": row["uscc"],
    }


def organizations_document(chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    # None stands for the network organisation, which every service point's service names.
    def organization(row):
        yield network_organization() if row is None else organization_record(row)

    def identifier(row):
        return [] if row is None else organization_identifiers(row)

    return _document(
        chain([None], ORGANIZATIONS.rows(chunk_size)),
        [],
        [("organization", organization), ("organization_identifier", identifier)],
    )


def project_service(row: dict, today: date | None = None) -> dict:
    """A project as an HSDS service (a row of ``project_rows``)."""
    today = today or timezone.localdate()
    ended = row["end_date"] is not None and row["end_date"] < today
    return {
        "id": uid("project", row["id"]),
        "organization_id": uid("organization", row["organization_id"]),
        "name": row["title"],
        "alternate_name": row["title_en"],
        "description": row["summary"] or row["title"],
        "status": "inactive" if ended else "active",
        "application_process": row["how_to_join"],
        "fees_description": row["cost"] if not row["is_free"] else "免费",
        "minimum_age": row["age_min"],
        "maximum_age": row["age_max"],
        "last_modified": row["updated_at"],
        "is_demo": row["is_demo"],
    }


def project_organization(row: dict) -> dict:
    """The organisation running a project, as far as the project's row names it."""
    return {
        "id": uid("organization", row["organization_id"]),
        "name": row["organization_name"],
        "description": row["organization_name"],
    }


def project_service_at_location_id(project_id: int, point_id: int) -> str:
    return pair_uid("project_service_at_location", project_id, point_id)


def project_service_at_location(project_id: int, point_id: int) -> dict:
    return {
        "id": project_service_at_location_id(project_id, point_id),
        "service_id": uid("project", project_id),
        # The same id as the point's location in service-points.json.
        "location_id": uid("service_point_location", point_id),
    }


def project_service_at_locations(row: dict) -> Iterator[dict]:
    for point_id in row["service_points"]:  # public points only
        yield project_service_at_location(row["id"], point_id)


def project_service_areas(row: dict) -> Iterator[dict]:
    for code in row["divisions"]:
        yield {
            "id": uid("service_area", f"project:{row['id']}:{code}"),
            "service_id": uid("project", row["id"]),
            "name": code,
            "extent_type": "other",
            "uri": f"urn:cn:nbs:division:{code}",
        }


def project_attributes(row: dict) -> Iterator[dict]:
    yield _attribute("project", row["id"], row["category"])


def projects_document(chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    today = timezone.localdate()
    # Organisations are few next to projects: remembering which were written is cheap.
    written: set[int] = set()

    def organization(row):
        if row["organization_id"] not in written:
            written.add(row["organization_id"])
            yield project_organization(row)

    return _document(
        PROJECTS.rows(chunk_size),
        [("taxonomy", taxonomies()), ("taxonomy_term", taxonomy_terms())],
        [
            ("service", lambda row: [project_service(row, today)]),
            ("organization", organization),
            ("service_at_location", project_service_at_locations),
            ("service_area", project_service_areas),
            ("attribute", project_attributes),
        ],
    )


def divisions_document(chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """Divisions are not an HSDS table: a plain JSON array of the rows."""
    return json_array_stream(DIVISIONS.rows(chunk_size))


JSON_DOCUMENTS: dict[str, Callable[..., Iterator[str]]] = {
    SERVICE_POINTS.slug: service_points_document,
    ORGANIZATIONS.slug: organizations_document,
    PROJECTS.slug: projects_document,
    DIVISIONS.slug: divisions_document,
}


def json_document(dataset: Dataset) -> Iterator[str]:
    return JSON_DOCUMENTS[dataset.slug]()
