"""Charts drawn on the server as SVG from the scrubbed table (no script, no tiles, no CDN).

The map: we have county seat points, not boundaries, and no tiles are reachable, so each
county is a circle at its seat, shaded by its published value in five classes, with the
withheld ones hatched; the trend: a line over the quarters that breaks where a value is
withheld. Each chart comes with a table of the same values for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from .privacy import Table

MAP_WIDTH = 360
TREND_WIDTH = 360
TREND_HEIGHT = 180
CLASSES = 4


@dataclass
class MapPoint:
    x: float
    y: float
    shade: str
    name: str
    value: object


@dataclass
class MapChart:
    width: int
    height: int
    points: list[MapPoint]
    maximum: int


def _shade(value, maximum: int) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return "small" if value.startswith("<") else "withheld"
    if value == 0:
        return "zero"
    return f"c{min(CLASSES, max(1, math.ceil(CLASSES * value / maximum)))}"


def county_map(table: Table, measure: str, period: str, language: str) -> MapChart:
    bounds = settings.FUJIAN_BOUNDS
    # Equirectangular, shrunk east-west by the cosine of Fujian's middle latitude.
    scale_x = math.cos(math.radians((bounds["north"] + bounds["south"]) / 2))
    span_x = (bounds["east"] - bounds["west"]) * scale_x
    span_y = bounds["north"] - bounds["south"]
    unit = (MAP_WIDTH - 20) / span_x
    height = int(span_y * unit) + 20
    rows = [
        r
        for r in table.rows
        if r.period == period and r.region.level == "county" and r.region.latitude is not None
    ]
    numbers = [r.values.get(measure) for r in rows]
    maximum = max([v for v in numbers if isinstance(v, int)] or [0])
    points = [
        MapPoint(
            x=round(10 + (r.region.longitude - bounds["west"]) * scale_x * unit, 1),
            y=round(10 + (bounds["north"] - r.region.latitude) * unit, 1),
            shade=_shade(r.values.get(measure), maximum),
            name=r.region.name_en
            if language.startswith("en") and r.region.name_en
            else r.region.name,
            value=r.values.get(measure),
        )
        for r in rows
    ]
    return MapChart(MAP_WIDTH, height, points, maximum)


@dataclass
class TrendPoint:
    x: float
    y: float | None
    period: str
    value: object


@dataclass
class TrendChart:
    width: int
    height: int
    points: list[TrendPoint]
    lines: list[str]  # SVG polyline "points" attributes, one per unbroken run
    maximum: int
    baseline: float


def trend(
    table: Table, measure: str, region_code: str, level: str, quarters: list[str]
) -> TrendChart:
    rows = {
        r.period: r
        for r in table.rows
        if r.region.code == region_code and r.region.level == level and r.period in quarters
    }
    quarters = [q for q in quarters if q in rows]
    values = [rows[q].values.get(measure) for q in quarters]
    maximum = max([v for v in values if isinstance(v, int)] or [0]) or 1
    top, bottom, left, right = 12, TREND_HEIGHT - 28, 36, TREND_WIDTH - 12
    step = (right - left) / max(1, len(quarters) - 1)
    points, lines, run = [], [], []
    for index, (quarter, value) in enumerate(zip(quarters, values, strict=True)):
        x = round(left + index * step, 1)
        if isinstance(value, int):
            y = round(bottom - (bottom - top) * value / maximum, 1)
            run.append(f"{x},{y}")
        else:
            y = None
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
        points.append(TrendPoint(x, y, quarter, value))
    if len(run) > 1:
        lines.append(" ".join(run))
    return TrendChart(TREND_WIDTH, TREND_HEIGHT, points, lines, maximum, bottom)
