"""Fill the directory with a synthetic national-scale network, for map and search benchmarks.

Every record is flagged: ``is_demo=True``, ``external_id`` ``synthetic-<n>`` and "（合成）" in its
name; ``--remove`` deletes exactly those records. The points are laid over realistic
coordinates: the first ``--fujian`` points are jittered around the real Fujian divisions (a
village home within ~5 km of its township seat, one in ten published at township precision);
the rest spread over mainland China around the provincial capitals, weighted by population.
Outside Fujian the gazetteer has no divisions, so those points hang on a Fujian city division
(their coordinates are what the benchmarks exercise).
"""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from directory.demo import LEVEL_SERVICES
from directory.models import (
    Division,
    Level,
    LocationPrecision,
    ProjectCategory,
    ServiceCategory,
    ServicePoint,
)
from search import clusters

PREFIX = "synthetic-"
MARK = "（合成）"
MARK_EN = " (synthetic)"
CHINA_BOUNDS = (73.6, 18.2, 134.7, 53.5)  # west, south, east, north
# Provincial capitals (lon, lat, population in millions, rounded): where services concentrate.
CAPITALS = [
    (116.40, 39.90, 22),
    (117.20, 39.08, 14),
    (114.51, 38.04, 75),
    (112.55, 37.87, 35),
    (111.75, 40.84, 24),
    (123.43, 41.80, 43),
    (125.32, 43.82, 24),
    (126.53, 45.80, 32),
    (121.47, 31.23, 25),
    (118.80, 32.06, 85),
    (120.15, 30.27, 65),
    (117.23, 31.82, 61),
    (119.30, 26.08, 42),
    (115.86, 28.68, 45),
    (117.00, 36.65, 102),
    (113.63, 34.75, 99),
    (114.31, 30.59, 58),
    (112.94, 28.23, 66),
    (113.26, 23.13, 127),
    (108.37, 22.82, 50),
    (110.35, 20.02, 10),
    (106.55, 29.56, 32),
    (104.07, 30.57, 84),
    (106.63, 26.65, 39),
    (102.83, 24.88, 47),
    (91.13, 29.65, 4),
    (108.94, 34.34, 40),
    (103.83, 36.06, 25),
    (101.78, 36.62, 6),
    (106.23, 38.49, 7),
    (87.62, 43.83, 26),
]
LEVEL_SHARES = [(Level.CITY, 0.004), (Level.COUNTY, 0.02), (Level.TOWNSHIP, 0.12)]
LEVEL_NAMES = {
    Level.CITY: ("儿童福利院", "Child Welfare Institution"),
    Level.COUNTY: ("未成年人救助保护中心", "Minors Protection Centre"),
    Level.TOWNSHIP: ("儿童关爱服务站", "Children's Care Station"),
    Level.VILLAGE: ("儿童之家", "Children's Home"),
}


def _level(rng: random.Random) -> str:
    draw = rng.random()
    for level, share in LEVEL_SHARES:
        if draw < share:
            return level
        draw -= share
    return Level.VILLAGE


class Command(BaseCommand):
    help = "Generate (or --remove) about 700,000 synthetic service points for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=700_000, help="Points in total.")
        parser.add_argument(
            "--fujian", type=int, default=17_000, help="Of which jittered around Fujian divisions."
        )
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=20)
        parser.add_argument("--remove", action="store_true", help="Delete the synthetic points.")

    def handle(self, *args, count, fujian, batch_size, seed, remove, **options):
        if remove:
            started = time.perf_counter()
            deleted = remove_synthetic()
            clusters.invalidate_all()
            self.stdout.write(
                f"Removed {deleted} synthetic points in {time.perf_counter() - started:.1f} s."
            )
            return
        townships = list(Division.objects.filter(level=Level.TOWNSHIP))
        if not townships:
            raise CommandError("Load the divisions first: manage.py load_divisions")
        by_level = {
            level: list(Division.objects.filter(level=level))
            for level in (Level.CITY, Level.COUNTY)
        }
        by_level[Level.TOWNSHIP] = townships
        ServiceCategory.objects.bulk_create(
            [ServiceCategory(code=code) for code in ProjectCategory.values], ignore_conflicts=True
        )
        start = ServicePoint.objects.filter(external_id__startswith=PREFIX).count()
        rng = random.Random(seed + start)
        weights = [c[2] for c in CAPITALS]
        started = time.perf_counter()
        made = 0
        while made < count:
            size = min(batch_size, count - made)
            points = []
            for i in range(made, made + size):
                number = start + i
                level = _level(rng)
                if i < fujian:
                    points.append(self._fujian_point(rng, number, level, by_level))
                else:
                    points.append(self._national_point(rng, number, level, weights, by_level))
            self._insert(points)
            made += size
            if made % (batch_size * 20) == 0 or made == count:
                self.stdout.write(f"  {made} points, {time.perf_counter() - started:.0f} s")
        clusters.invalidate_all()
        self.stdout.write(
            f"Generated {made} synthetic points in {time.perf_counter() - started:.1f} s."
        )

    @staticmethod
    def _fujian_point(rng, number, level, by_level) -> ServicePoint:
        if level == Level.VILLAGE:
            division = rng.choice(by_level[Level.TOWNSHIP])
            spread = 0.04
        else:
            division = rng.choice(by_level[level])
            spread = 0.01
        precision = (
            LocationPrecision.TOWNSHIP
            if level == Level.VILLAGE and rng.random() < 0.1
            else LocationPrecision.EXACT
        )
        return _point(
            number,
            level,
            division,
            division.longitude + rng.gauss(0, spread),
            division.latitude + rng.gauss(0, spread),
            precision,
            division.name,
        )

    @staticmethod
    def _national_point(rng, number, level, weights, by_level) -> ServicePoint:
        west, south, east, north = CHINA_BOUNDS
        while True:
            lon0, lat0, _ = rng.choices(CAPITALS, weights)[0]
            lon, lat = lon0 + rng.gauss(0, 1.6), lat0 + rng.gauss(0, 1.2)
            if west <= lon <= east and south <= lat <= north:
                break
        division = by_level[Level.CITY][number % len(by_level[Level.CITY])]
        return _point(number, level, division, lon, lat, LocationPrecision.EXACT, "")

    @staticmethod
    def _insert(points: list[ServicePoint]) -> None:
        through = ServicePoint.categories.through
        with transaction.atomic():
            created = ServicePoint.objects.bulk_create(points)
            through.objects.bulk_create(
                [
                    through(servicepoint_id=p.pk, servicecategory_id=code)
                    for p in created
                    for code in LEVEL_SERVICES[p.level]
                ]
            )


def _point(number, level, division, lon, lat, precision, place) -> ServicePoint:
    name_zh, name_en = LEVEL_NAMES[level]
    return ServicePoint(
        external_id=f"{PREFIX}{number}",
        name=f"{place}合成{name_zh}{number}{MARK}",
        name_en=f"Synthetic {name_en} {number}{MARK_EN}",
        level=level,
        division=division,
        longitude=round(lon, 6),
        latitude=round(lat, 6),
        location_precision=precision,
        is_public=True,
        is_demo=True,
    )


def remove_synthetic() -> int:
    """Delete every synthetic point and its links in plain SQL (the ORM would load 700k rows)."""
    point_table = connection.ops.quote_name(ServicePoint._meta.db_table)
    synthetic = f"SELECT id FROM {point_table} WHERE external_id LIKE %s"
    pattern = PREFIX + "%"
    with transaction.atomic(), connection.cursor() as cursor:
        for field in ServicePoint._meta.get_fields():
            if field.many_to_many or (field.one_to_many and field.related_model is not None):
                through = getattr(field, "through", None) or getattr(
                    field.remote_field, "through", None
                )
                if through is None:
                    continue
                column = (
                    "servicepoint_id"
                    if any(f.column == "servicepoint_id" for f in through._meta.fields)
                    else None
                )
                if column:
                    table = connection.ops.quote_name(through._meta.db_table)
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {column} IN ({synthetic})", [pattern]
                    )
        cursor.execute(f"DELETE FROM {point_table} WHERE external_id LIKE %s", [pattern])
        return cursor.rowcount
