"""ETag and Last-Modified for open-data responses, from a fingerprint of the records served.

The fingerprint is (number of records, latest ``updated_at``) of the filtered set: a record added,
changed or removed changes it. The ETag also covers the request's path and query, so two pages of
the same list never share one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date

# Bump when the shape of the output changes, so caches drop what they hold.
FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Stamp:
    count: int
    modified: datetime | None
    extra: str = ""

    def etag(self, key: str) -> str:
        raw = f"{FORMAT_VERSION}|{key}|{self.count}|{self.modified and self.modified.isoformat()}"
        return quote_etag(hashlib.sha256(f"{raw}|{self.extra}".encode()).hexdigest()[:32])

    @property
    def last_modified(self) -> int | None:
        return int(self.modified.timestamp()) if self.modified else None


def stamp_of(queryset) -> Stamp:
    """Count and latest change of the records a queryset selects (one aggregate query)."""
    values = queryset.order_by().aggregate(n=Count("pk", distinct=True), latest=Max("updated_at"))
    return Stamp(values["n"], values["latest"])


def stamp_of_divisions(queryset) -> Stamp:
    """Divisions: their latest change, and a hash of their public fields (about 1,200 rows), so
    that a correction loaded without a new timestamp still changes the ETag."""
    digest = hashlib.sha256()
    count = 0
    latest = None
    for *row, updated_at in queryset.order_by("code").values_list(
        "code",
        "name",
        "name_en",
        "level",
        "parent__code",
        "latitude",
        "longitude",
        "location_approximate",
        "updated_at",
    ):
        digest.update(repr(row).encode())
        count += 1
        latest = updated_at if latest is None else max(latest, updated_at)
    return Stamp(count, latest, digest.hexdigest())


def request_key(request) -> str:
    return request.get_full_path()


def not_modified(request, stamp: Stamp, key: str):
    """A 304 response when the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=stamp.etag(key), last_modified=stamp.last_modified
    )
    if response is not None:
        set_validators(response, stamp, key)
    return response


def set_validators(response, stamp: Stamp, key: str):
    response["ETag"] = stamp.etag(key)
    if stamp.last_modified is not None:
        response["Last-Modified"] = http_date(stamp.last_modified)
    return response
