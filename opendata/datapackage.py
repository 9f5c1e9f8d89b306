"""/opendata/datapackage.json: a Frictionless Data Package describing every CSV download with
a Table Schema built from the datasets' own data dictionaries (``datasets.Field``)."""

from __future__ import annotations

from django.utils import translation

from .catalogue import entries, license_name, license_url, site_base_url
from .datasets import Field

# Our data dictionary types → Table Schema types (https://specs.frictionlessdata.io/table-schema/).
TABLE_SCHEMA_TYPES = {
    "integer": "integer",
    "number": "number",
    "string": "string",
    "boolean": "boolean",
    "date": "date",
    "date-time": "datetime",
    # Lists are joined with ";" in a CSV cell: a string to a Table Schema reader.
    "list": "string",
}
PROFILE = "tabular-data-package"


def _field(field: Field) -> dict:
    described = {
        "name": field.name,
        "type": TABLE_SCHEMA_TYPES[field.type],
        "description": str(field.meaning),
    }
    if field.type == "boolean":
        described.update(trueValues=["true"], falseValues=["false"])
    if field.type == "list":
        described["format"] = "default"
        described["rdfType"] = "https://schema.org/ItemList"
    return described


def data_package() -> dict:
    """The descriptor, in English (its descriptions are documentation, not data)."""
    with translation.override("en"):
        resources = []
        for entry in entries():
            if "csv" not in entry.dataset.formats:
                continue
            resources.append(
                {
                    "name": entry.slug,
                    "path": f"{entry.slug}.csv",  # next to this descriptor under /opendata/
                    "title": str(entry.dataset.title),
                    "description": str(entry.dataset.description),
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    # The files start with a byte-order mark so that Excel reads them as UTF-8.
                    "encoding": "utf-8-sig",
                    "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                    "schema": {
                        "fields": [_field(f) for f in entry.dataset.fields],
                        "missingValues": [""],
                    },
                }
            )
        latest = [e.modified for e in entries() if e.modified]
        return {
            "profile": PROFILE,
            "name": "fulei-portal",
            "title": "Fulei Portal open data",
            "homepage": site_base_url() + "/opendata/",
            "licenses": [{"name": license_name(), "path": license_url(), "title": license_name()}],
            "created": max(latest).isoformat() if latest else None,
            "resources": resources,
        }
