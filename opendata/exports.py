"""Streamed writers: each turns a dataset's rows into the text of one download format.

Every writer is a generator of ``str`` chunks (one chunk per batch of rows), so a
``StreamingHttpResponse`` sends a 700k-row file with memory for one batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from io import StringIO

from spreadsheet import SpreadsheetSafeWriter

from .datasets import Dataset
from .queries import batched

BOM = "\ufeff"
ROWS_PER_CHUNK = 500


def _text(value) -> str:
    """A cell of the CSV: lists joined with ';', booleans as true/false, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One encoder for every record: json.dumps would build a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default, separators=(",", ":"))


def dumps(value) -> str:
    return _ENCODER.encode(value)


def csv_stream(dataset: Dataset, rows: Iterable[dict] | None = None) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark first, so that Excel reads the Chinese correctly; no
    cell is ever evaluated as a formula (spreadsheet/__init__.py)."""
    names = [field.name for field in dataset.fields]
    buffer = StringIO()
    writer = SpreadsheetSafeWriter(buffer, lineterminator="\r\n")
    writer.writerow(names)
    yield BOM + buffer.getvalue()
    for batch in batched(rows if rows is not None else dataset.rows(), ROWS_PER_CHUNK):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_text(row[name]) for name in names] for row in batch)
        yield buffer.getvalue()


def json_array_stream(items: Iterable, prefix: str = "[", suffix: str = "]") -> Iterator[str]:
    """A JSON array written item by item: ``prefix``, items separated by commas, ``suffix``."""
    yield prefix
    first = True
    for batch in batched(items, ROWS_PER_CHUNK):
        text = ",".join(dumps(item) for item in batch)
        yield text if first else "," + text
        first = False
    yield suffix


def geojson_stream(dataset: Dataset, rows: Iterable[dict] | None = None) -> Iterator[str]:
    """An RFC 7946 FeatureCollection of Points, coordinates [longitude, latitude] in WGS-84."""
    id_field = dataset.fields[0].name

    def features():
        for row in rows if rows is not None else dataset.rows():
            properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
            yield {
                "type": "Feature",
                "id": row[id_field],
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row["longitude"], 6), round(row["latitude"], 6)],
                },
                "properties": properties,
            }

    yield from json_array_stream(features(), '{"type":"FeatureCollection","features":[', "]}")
