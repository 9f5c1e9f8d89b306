"""How long impact.privacy takes to scrub a full table: Fujian's 9 cities and 84 counties,
8 quarters (2 complete years), random counts with many small cells.

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python -m tests.bench.impact_publish
"""

import csv
import random
import sys
import time
from pathlib import Path

import django

django.setup()

from impact.privacy import publish  # noqa: E402
from impact.sources import ADDITIVE, NON_ADDITIVE, PROVINCE, Region  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "directory/data/fujian_divisions.csv"


def main() -> None:
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    regions = [Region(PROVINCE, "福建省", "Fujian", "province", None)]
    counties = []
    for row in rows:
        if row["level"] == "city":
            regions.append(Region(row["code"], row["name"], "", "city", PROVINCE))
            regions.append(Region(row["code"], row["name"], "", "city_proper", row["code"]))
        elif row["level"] == "county":
            regions.append(Region(row["code"], row["name"], "", "county", row["parent_code"]))
            counties.append(row["code"])
    rng = random.Random(6)
    values = [0, 0, 1, 2, 4, 7, 9, 11, 15, 24, 40, 80, 150]
    quarters = {}
    for year in (2025, 2026):
        for n in range(1, 5):
            quarters[f"{year}Q{n}"] = {
                "counties": {
                    c: {m: rng.choice(values) for m in ADDITIVE + NON_ADDITIVE} for c in counties
                },
                "city_proper": {},
                "cities": {},
                "province": {},
            }
    for _ in range(2):  # a warm-up run, then the measured one
        start = time.perf_counter()
        table = publish({"quarters": quarters}, regions, 10, 5)
        elapsed = time.perf_counter() - start
    cells = [v for row in table.rows for v in row.values.values() if v is not None]
    small = sum(1 for v in cells if isinstance(v, str) and v.startswith("<"))
    withheld = sum(1 for v in cells if v == "x")
    sys.stdout.write(
        f"regions: {len(regions)}, periods: {len(table.periods)}, rows: {len(table.rows)}\n"
    )
    sys.stdout.write(f"published cells: {len(cells)}, <10: {small}, withheld (x): {withheld}\n")
    sys.stdout.write(f"publish(): {elapsed * 1000:.0f} ms\n")


if __name__ == "__main__":
    main()
