"""Downloads under /opendata/: each dataset as CSV, GeoJSON and JSON, streamed.

The paths carry no language prefix (stable URLs for scripts, DESIGN.md §6), and the files are
always written in Chinese, whatever the visitor's language, so that a file never changes with
the Accept-Language header.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from .conditional import Stamp, not_modified, set_validators
from .datasets import DATASETS, Dataset
from .exports import csv_stream, geojson_stream
from .hsds import json_document

FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_stream),
    "geojson": ("application/geo+json", geojson_stream),
    "json": ("application/json", json_document),
}
FILE_LANGUAGE = "zh-hans"


def _in_file_language(chunks: Iterator[str]) -> Iterator[str]:
    with translation.override(FILE_LANGUAGE):
        yield from chunks


def dataset_stamp(dataset: Dataset) -> Stamp:
    count, modified = dataset.stats()
    return Stamp(count, modified)


@require_safe
def download(request, dataset: str, fmt: str):
    chosen = DATASETS.get(dataset)
    if chosen is None or fmt not in chosen.formats:
        raise Http404("No such dataset or format.")
    key = f"{chosen.slug}.{fmt}"
    stamp = dataset_stamp(chosen)
    if (cached := not_modified(request, stamp, key)) is not None:
        return cached
    content_type, writer = FORMATS[fmt]
    response = StreamingHttpResponse(_in_file_language(writer(chosen)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="fulei-{chosen.slug}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return set_validators(response, stamp, key)
