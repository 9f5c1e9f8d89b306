# ruff: noqa: T201 - a benchmark prints its figures
"""In-process cost of the cluster index at 700k points, without the database or HTTP.

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python \
        tests/bench/map_clusters_inprocess.py

Points follow the synthetic generator's national spread; prints the index build time and
p50/p95 per viewport of computing the clusters and of serialising them to JSON.
"""

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from search import clusters  # noqa: E402
from search.contract import ClusterQuery  # noqa: E402
from search.management.commands.generate_synthetic_points import CAPITALS  # noqa: E402

VIEWS = [
    ("china z4", (73.5, 18.0, 135.0, 53.6), 4, None, None),
    ("china z5 legal_aid", (73.5, 18.0, 135.0, 53.6), 5, None, "legal_aid"),
    ("east z6", (105, 20, 125, 42), 6, None, None),
    ("fujian z7", (115.5, 23.5, 120.5, 28.5), 7, None, None),
    ("fujian z7 village", (115.5, 23.5, 120.5, 28.5), 7, "village", None),
    ("beijing z8", (115.4, 39.4, 117.6, 40.6), 8, None, None),
    ("sanming z9", (117.0, 25.8, 118.4, 26.9), 9, None, None),
    ("taining z11", (116.95, 26.75, 117.4, 27.05), 11, None, None),
    ("fuzhou z14", (119.26, 26.04, 119.34, 26.10), 14, None, None),
]


def points(n: int) -> clusters.Points:
    rng = random.Random(20)
    weights = [c[2] for c in CAPITALS]
    lon, lat = np.empty(n), np.empty(n)
    for i in range(n):
        lon0, lat0, _ = rng.choices(CAPITALS, weights)[0]
        lon[i], lat[i] = lon0 + rng.gauss(0, 1.6), lat0 + rng.gauss(0, 1.2)
    level = np.array([rng.choice((0, 1, 2, 3, 3, 3, 3)) for _ in range(n)], dtype=np.int8)
    cats = np.array([rng.getrandbits(10) for _ in range(n)], dtype=np.int32)
    fx, fy = clusters.fine_cells(lon, lat)
    ids = np.arange(1, n + 1, dtype=np.int64)
    division = np.full(n, 350429000000, dtype=np.int64)
    return clusters._sorted(
        clusters.Points(ids, lon, lat, level, cats, division, fx, fy, clusters.morton(fx, fy))
    )


def main(n: int = 700_000) -> None:
    data = points(n)
    started = time.perf_counter()
    index = clusters.PointIndex(data, 0)
    for band in range(3, 11):
        index.table(None, None, band)
    print(
        f"{n} points: index (sort + 8 band tables) built in {time.perf_counter() - started:.2f} s"
    )
    print(
        f"{'view':22} {'features':>8} {'compute p50/p95 ms':>20} {'json p50 ms':>12} {'bytes':>7}"
    )
    for name, bbox, zoom, level, category in VIEWS:
        query = ClusterQuery(bbox=bbox, zoom=zoom, level=level, category=category)
        first = time.perf_counter()
        clusters.clusters_from_index(index, query)
        first = (time.perf_counter() - first) * 1000
        compute, encode = [], []
        for _ in range(50):
            t = time.perf_counter()
            result = clusters.clusters_from_index(index, query)
            compute.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            body = json.dumps(
                [
                    {
                        "type": "Feature",
                        "geometry": {
                            "type": "Point",
                            "coordinates": [round(c.lon, 6), round(c.lat, 6)],
                        },
                        "properties": {"point_count": c.count, "bounds": c.bounds}
                        if c.count > 1
                        else {"id": int(c.id), "level": c.level},
                    }
                    for c in result
                ]
            )
            encode.append((time.perf_counter() - t) * 1000)
        compute.sort()
        print(
            f"{name:22} {len(result):8d} {statistics.median(compute):9.2f}/"
            f"{compute[int(0.95 * len(compute))]:.2f} {statistics.median(encode):12.2f} "
            f"{len(body):7d}  (first call {first:.1f} ms)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 700_000)
