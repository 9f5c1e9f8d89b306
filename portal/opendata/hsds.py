"""The directory shaped after Open Referral HSDS 3.0, tabular form (schema/compiled/tabular.json):
one JSON object whose keys are HSDS tables (organization, service, location, address, phone,
service_at_location, service_area, taxonomy_term, attribute, organization_identifier), each an
array of records with UUID identifiers.

Identifiers are UUID 5 derived from our record ids, so the same station has the same location id
in every file and a tool can join ``service-points.json`` and ``projects.json``. Each table is
streamed in its own pass over the public rows, so memory stays constant. ``is_demo`` is an
extension property on every organisation, service and location. Schedules (HSDS ``schedule``)
are not published yet: opening hours are not in the directory model.

TODO(lead): add the ``schedule`` table once opening hours exist on main.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.directory.models import ProjectCategory, ServiceLevel

from .datasets import (
    CHUNK_SIZE,
    DIVISIONS,
    ORGANIZATIONS,
    PROJECTS,
    SERVICE_POINTS,
    Dataset,
)
from .exports import dumps, json_array_stream

HSDS_VERSION = "3.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fulei-portal:opendata")
TAXONOMY = "fulei-ten-projects"
# The service points are run by the civil-affairs system; they have no organisation record of
# their own yet, so their services hang off this one organisation.
NETWORK_ORGANIZATION = "network"


def uid(kind: str, key) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _tables(tables: list[tuple[str, Callable[[], Iterator[dict]]]]) -> Iterator[str]:
    yield '{"hsds_version":' + dumps(HSDS_VERSION)
    for name, records in tables:
        yield from json_array_stream(records(), "," + dumps(name) + ":[", "]")
    yield "}"


def _taxonomy_terms() -> Iterator[dict]:
    for category in ProjectCategory:
        yield {
            "id": uid("taxonomy_term", category.value),
            "code": category.value,
            "name": str(category.label),
            "description": str(category.label),
            "taxonomy": TAXONOMY,
            "language": "zh-Hans",
        }


def _attributes(kind: str, rows: Iterator[dict], id_field: str, codes: Callable) -> Iterator[dict]:
    for row in rows:
        for code in codes(row):
            yield {
                "id": uid("attribute", f"{kind}:{row[id_field]}:{code}"),
                "link_id": uid(kind, row[id_field]),
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": uid("taxonomy_term", code),
                "value": code,
            }


def _organization(row: dict) -> dict:
    return {
        "id": uid("organization", row["id"]),
        "name": row["name"],
        "alternate_name": row["name_en"],
        "description": row["description"] or row["name"],
        "contact_channel": row["contact_channel"],
        "is_demo": row["is_demo"],
    }


def service_points_document(chunk_size: int | None = None) -> Iterator[str]:
    size = chunk_size or CHUNK_SIZE

    def rows(categories: bool = False):
        # Only the attribute table needs the categories: the other passes skip that query.
        return SERVICE_POINTS.rows(size, categories=categories)

    levels = dict(ServiceLevel.choices)

    def organizations():
        yield {
            "id": uid("organization", NETWORK_ORGANIZATION),
            "name": _("Fujian Fulei programme service network"),
            "description": _(
                "The four-level network of child-welfare and children's care stations run by "
                "the civil-affairs departments of Fujian."
            ),
        }

    def services():
        for row in rows():
            yield {
                "id": uid("service_point_service", row["id"]),
                "organization_id": uid("organization", NETWORK_ORGANIZATION),
                "name": row["name"],
                "alternate_name": row["name_en"],
                "description": str(levels.get(row["level"], row["level"])),
                "status": "active",
                "last_modified": row["updated_at"],
                "is_demo": row["is_demo"],
            }

    def locations():
        for row in rows():
            yield {
                "id": uid("service_point_location", row["id"]),
                "location_type": "physical",
                "name": row["name"],
                "alternate_name": row["name_en"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "external_identifier": str(row["id"]),
                "external_identifier_type": "fulei-service-point-id",
                "is_demo": row["is_demo"],
            }

    def addresses():
        for row in rows():
            if row["address"]:  # none for township-precision points
                yield {
                    "id": uid("service_point_address", row["id"]),
                    "location_id": uid("service_point_location", row["id"]),
                    "address_1": row["address"],
                    "city": row["division_name"],
                    "state_province": "福建省",
                    "postal_code": "",
                    "country": "CN",
                    "address_type": "physical",
                }

    def phones():
        for row in rows():
            if row["service_phone"]:
                yield {
                    "id": uid("service_point_phone", row["id"]),
                    "location_id": uid("service_point_location", row["id"]),
                    "service_id": uid("service_point_service", row["id"]),
                    "number": row["service_phone"],
                    "type": "voice",
                }

    def service_at_locations():
        for row in rows():
            yield {
                "id": uid("service_at_location", f"point:{row['id']}"),
                "service_id": uid("service_point_service", row["id"]),
                "location_id": uid("service_point_location", row["id"]),
            }

    yield from _tables(
        [
            ("organization", organizations),
            ("service", services),
            ("location", locations),
            ("address", addresses),
            ("phone", phones),
            ("service_at_location", service_at_locations),
            ("taxonomy_term", _taxonomy_terms),
            (
                "attribute",
                lambda: _attributes(
                    "service_point_service", rows(categories=True), "id", lambda r: r["categories"]
                ),
            ),
        ]
    )


def organizations_document(chunk_size: int | None = None) -> Iterator[str]:
    rows = (lambda: ORGANIZATIONS.rows(chunk_size)) if chunk_size else ORGANIZATIONS.rows

    def identifiers():
        for row in rows():
            yield {
                "id": uid("organization_identifier", row["id"]),
                "organization_id": uid("organization", row["id"]),
                "identifier_scheme": "CN-USCC",
                "identifier_type": "Unified Social Credit Code",
                "identifier": row["uscc"],
            }

    yield from _tables(
        [
            ("organization", lambda: (_organization(row) for row in rows())),
            ("organization_identifier", identifiers),
        ]
    )


def projects_document(chunk_size: int | None = None) -> Iterator[str]:
    rows = (lambda: PROJECTS.rows(chunk_size)) if chunk_size else PROJECTS.rows
    today = timezone.localdate()

    def services():
        for row in rows():
            ended = row["end_date"] is not None and row["end_date"] < today
            yield {
                "id": uid("project", row["id"]),
                "organization_id": uid("organization", row["organization_id"]),
                "name": row["title"],
                "alternate_name": row["title_en"],
                "description": row["summary"] or row["title"],
                "status": "inactive" if ended else "active",
                "last_modified": row["updated_at"],
                "is_demo": row["is_demo"],
            }

    def service_at_locations():
        for row in rows():
            for point_id in row["service_points"]:  # public points only
                yield {
                    "id": uid("service_at_location", f"project:{row['id']}:{point_id}"),
                    "service_id": uid("project", row["id"]),
                    # The same id as the point's location in service-points.json.
                    "location_id": uid("service_point_location", point_id),
                }

    def service_areas():
        for row in rows():
            for code in row["divisions"]:
                yield {
                    "id": uid("service_area", f"project:{row['id']}:{code}"),
                    "service_id": uid("project", row["id"]),
                    "name": code,
                    "extent_type": "other",
                    "uri": f"urn:cn:nbs:division:{code}",
                }

    def organizations():
        seen = set()
        for row in rows():
            if row["organization_id"] not in seen:
                seen.add(row["organization_id"])
                yield {
                    "id": uid("organization", row["organization_id"]),
                    "name": row["organization_name"],
                    "description": row["organization_name"],
                }

    yield from _tables(
        [
            ("organization", organizations),
            ("service", services),
            ("service_at_location", service_at_locations),
            ("service_area", service_areas),
            ("taxonomy_term", _taxonomy_terms),
            ("attribute", lambda: _attributes("project", rows(), "id", lambda r: [r["category"]])),
        ]
    )


def divisions_document(chunk_size: int | None = None) -> Iterator[str]:
    """Divisions are not an HSDS table: a plain JSON array of the rows."""
    rows = DIVISIONS.rows(chunk_size) if chunk_size else DIVISIONS.rows()
    yield from json_array_stream(rows)


JSON_DOCUMENTS: dict[str, Callable[..., Iterator[str]]] = {
    SERVICE_POINTS.slug: service_points_document,
    ORGANIZATIONS.slug: organizations_document,
    PROJECTS.slug: projects_document,
    DIVISIONS.slug: divisions_document,
}


def json_document(dataset: Dataset) -> Iterator[str]:
    return JSON_DOCUMENTS[dataset.slug]()
