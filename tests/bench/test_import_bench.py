"""Import benchmark: generated service points through `import_directory`, timed.

Not collected by the default run (pyproject ignores tests/bench). Run:

    .venv/bin/python -m pytest tests/bench/test_import_bench.py -s
    BENCH_SIZES=17000,700000 .venv/bin/python -m pytest tests/bench/test_import_bench.py -s

Prints time per row and peak memory (tracemalloc peak of Python allocations during the import,
and the process's peak resident set). Each size runs twice: first import (all created) and a
re-import of the same file (all unchanged), which is the nightly-sync case.
"""

import cProfile
import csv
import os
import pstats
import resource
import time
import tracemalloc

import pytest

from directory.divisions import load_divisions
from directory.importer import import_directory
from directory.models import Division, ServicePoint

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "17000").split(",")]
# tracemalloc slows allocation-heavy code down ~2x; turn it off for the largest runs if needed.
TRACE = os.environ.get("BENCH_TRACEMALLOC", "1") == "1"
PROFILE = os.environ.get("BENCH_PROFILE") == "1"


def generate(path, size: int) -> None:
    townships = list(
        Division.objects.filter(level="township").values_list("code", "latitude", "longitude")
    )
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "external_id",
                "name",
                "level",
                "division_code",
                "latitude",
                "longitude",
                "datum",
                "categories",
                "opening_hours",
                "service_phone",
            ]
        )
        for i in range(size):
            code, lat, lon = townships[i % len(townships)]
            writer.writerow(
                [
                    f"bench-{i:07d}",
                    f"基准测试儿童之家{i}",
                    "village",
                    code,
                    f"{lat + (i % 97) / 100_000:.6f}",
                    f"{lon + (i % 89) / 100_000:.6f}",
                    "gcj02" if i % 3 == 0 else "wgs84",
                    "childrens_school,family_affection",
                    "周一至周五 8:30-17:30",
                    "0598-12345678",
                ]
            )


def measure(path, label: str, size: int):
    if TRACE:
        tracemalloc.start()
    profiler = cProfile.Profile() if PROFILE else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = import_directory(path)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if TRACE else 0
    if TRACE:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(  # noqa: T201 (a benchmark reports on stdout, run with -s)
        f"\n{label} {size:>7} rows: {elapsed:7.1f} s, {elapsed / size * 1e6:7.1f} µs/row, "
        f"traced peak {peak / 2**20:7.1f} MiB, process max RSS {rss:7.1f} MiB "
        f"(created {report.created}, updated {report.updated}, unchanged {report.unchanged})"
    )
    assert report.ok, report.problems[:5]
    return report


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_import_benchmark(tmp_path, size):
    load_divisions()
    path = tmp_path / f"bench-{size}.csv"
    generate(path, size)
    first = measure(path, "first import", size)
    assert first.created == size
    again = measure(path, "re-import   ", size)
    assert again.unchanged == size
    assert ServicePoint.objects.filter(external_id__startswith="bench-").count() == size
