"""The published statistics: the latest snapshot, scrubbed by impact.privacy (views call this)."""

from __future__ import annotations

from dataclasses import dataclass

from . import privacy
from .models import ImpactSnapshot
from .snapshot import latest
from .sources import Geography

_cache: dict[tuple, privacy.Table] = {}


@dataclass
class Published:
    snapshot: ImpactSnapshot | None
    table: privacy.Table | None


def published() -> Published:
    """The scrubbed table of the latest snapshot (cached per snapshot and settings)."""
    snapshot = latest()
    if snapshot is None:
        return Published(None, None)
    key = (snapshot.pk, snapshot.through_quarter, privacy.threshold(), privacy.rounding_base())
    if key not in _cache:
        _cache.clear()
        _cache[key] = privacy.publish(snapshot.data, Geography().regions())
    return Published(snapshot, _cache[key])


def flat_rows(table: privacy.Table, *, level: str = "", period: str = "", region: str = ""):
    """Rows as flat dicts (CSV, API), optionally filtered."""
    for row in table.rows:
        if level and row.region.level != level:
            continue
        if period and row.period != period:
            continue
        if region and row.region.code != region:
            continue
        yield {
            "region_code": row.region.code,
            "region_name": row.region.name,
            "region_name_en": row.region.name_en,
            "region_level": row.region.level,
            "parent_code": row.region.parent or "",
            "period": row.period,
            **row.values,
        }
