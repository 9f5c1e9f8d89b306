"""The OpenAPI description of the HSDS 3.0 API's responses: the records as ``opendata.hsds``
builds them, in the vocabulary of HSDS's own schemas (only the fields the portal fills, plus its
documented extension properties)."""

from __future__ import annotations

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
NUMBER = {"type": "number"}
FLAG = {"type": "boolean"}


def _object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def _many(item: dict) -> dict:
    return {"type": "array", "items": item}


ATTRIBUTE = _object(
    ["id"],
    id=UUID,
    link_id=UUID,
    link_type=TEXT,
    link_entity=TEXT,
    taxonomy_term_id=UUID,
    value=TEXT,
)
LOCATION = _object(
    ["id", "location_type"],
    id=UUID,
    location_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
    name=TEXT,
    alternate_name=TEXT,
    description=TEXT,
    latitude=NUMBER,
    longitude=NUMBER,
    external_identifier=TEXT,
    external_identifier_type=TEXT,
    location_approximate={
        **FLAG,
        "description": "Extension: true when the position is a township's centre or a "
        "division's seat, not the place itself.",
    },
    is_demo=FLAG,
    attributes=_many(ATTRIBUTE),
)
PHONE = _object(
    ["id", "number"], id=UUID, location_id=UUID, service_id=UUID, number=TEXT, type=TEXT
)
SCHEDULE = _object(
    ["id"],
    id=UUID,
    service_id=UUID,
    location_id=UUID,
    service_at_location_id=UUID,
    timezone={"type": "number", "description": "UTC offset in hours (8 in Fujian)."},
    freq=TEXT,
    interval={"type": "number"},
    dtstart={"type": "string", "format": "date"},
    byday=TEXT,
    opens_at=TEXT,
    closes_at=TEXT,
)
SERVICE_AREA = _object(["id"], id=UUID, service_id=UUID, name=TEXT, extent_type=TEXT, uri=TEXT)
ORGANIZATION_IDENTIFIER = _object(
    ["id", "identifier_type", "identifier"],
    id=UUID,
    organization_id=UUID,
    identifier_scheme=TEXT,
    identifier_type=TEXT,
    identifier=TEXT,
)
ORGANIZATION = _object(
    ["id", "name", "description"],
    id=UUID,
    name=TEXT,
    alternate_name=TEXT,
    description=TEXT,
    contact_channel={**TEXT, "description": "Extension: the organisation's public channel."},
    is_demo=FLAG,
)
ORGANIZATION_FULL = {
    **ORGANIZATION,
    "properties": {
        **ORGANIZATION["properties"],
        "organization_identifiers": _many(ORGANIZATION_IDENTIFIER),
    },
}
SERVICE = _object(
    ["id", "name", "status"],
    id=UUID,
    organization_id=UUID,
    name=TEXT,
    alternate_name=TEXT,
    description=TEXT,
    status={"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
    application_process=TEXT,
    fees_description=TEXT,
    minimum_age=NUMBER,
    maximum_age=NUMBER,
    last_modified={"type": "string", "format": "date-time"},
    is_demo={**FLAG, "description": "Extension: true for generated demonstration data."},
)
SERVICE_AT_LOCATION = _object(
    ["id"], id=UUID, service_id=UUID, location_id=UUID, description=TEXT, location=LOCATION
)
SERVICE_AT_LOCATION_FULL = {
    **SERVICE_AT_LOCATION,
    "properties": {
        **SERVICE_AT_LOCATION["properties"],
        "service": SERVICE,
        "phones": _many(PHONE),
        "schedules": _many(SCHEDULE),
    },
}
SERVICE_FULL = {
    **SERVICE,
    "properties": {
        **SERVICE["properties"],
        "organization": ORGANIZATION,
        "phones": _many(PHONE),
        "schedules": _many(SCHEDULE),
        "service_areas": _many(SERVICE_AREA),
        "service_at_locations": _many(SERVICE_AT_LOCATION),
        "attributes": _many(ATTRIBUTE),
    },
}
TAXONOMY = _object(["id", "name", "description"], id=UUID, name=TEXT, description=TEXT)
TAXONOMY_TERM = _object(
    ["id", "name", "description"],
    id=UUID,
    code=TEXT,
    name=TEXT,
    description=TEXT,
    taxonomy=TEXT,
    taxonomy_id=UUID,
    language=TEXT,
)
API_META = _object(
    ["version", "profile", "openapi_url"],
    version=TEXT,
    profile={"type": "string", "format": "uri"},
    openapi_url={"type": "string", "format": "uri"},
)


def page(item: dict) -> dict:
    """HSDS's ``Page`` with ``contents``."""
    count = {"type": "integer", "minimum": 0}
    return _object(
        [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        total_items=count,
        total_pages=count,
        page_number=count,
        size=count,
        first_page=FLAG,
        last_page=FLAG,
        empty=FLAG,
        contents=_many(item),
    )
