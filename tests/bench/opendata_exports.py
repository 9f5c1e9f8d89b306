"""Benchmark: stream every open-data export of generated service points, 17k and 700k rows.

Not collected by pytest (``--ignore=tests/bench``). Run from the project folder:

    .venv/bin/python tests/bench/opendata_exports.py                 # 17k and 700k, SQLite
    .venv/bin/python tests/bench/opendata_exports.py --sizes 17000   # one size
    DATABASE_URL=postgres://... .venv/bin/python tests/bench/opendata_exports.py --reuse-db

One database serves every size (a SQLite file under var/bench/, kept between runs, or with
--reuse-db the DATABASE_URL given: its service points are DELETED). It loads the real divisions,
generates the points in SQL (two services each, 1 in 10 at township precision, 1 in 50 hidden),
then streams each format of the service-points dataset in a fresh subprocess and prints wall and
CPU time per row, the subprocess's peak resident memory and its growth over the memory before
streaming: constant-memory streaming shows as the same growth at every size. Each step is
predicted from the smaller size and skipped when it would not finish within --budget seconds;
a running export is stopped when the budget runs out. --keep-data reuses generated points.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ["csv", "geojson", "json"]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    """Let VmHWM (peak RSS) restart from the current RSS (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def export(dataset: str, fmt: str) -> dict:
    """Child process: stream one download to nowhere, report time, bytes and memory."""
    from django.test import Client

    client = Client()
    # Warm up imports and the connection with a small file, then measure from here.
    for _chunk in client.get("/opendata/divisions.csv").streaming_content:
        pass
    before = status_kib("VmRSS")
    reset_peak()
    start, cpu_start = time.perf_counter(), time.process_time()
    response = client.get(f"/opendata/{dataset}.{fmt}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak = status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "bytes": size,
        "rss_before_kib": before,
        "peak_kib": peak,
    }


def generate(size: int) -> tuple[int, float]:
    """Replace all service points by ``size`` generated ones; (public rows, seconds).

    Rows are made by the database (a recursive CTE, valid on SQLite and PostgreSQL), so that
    generating 700k rows takes seconds, not minutes. Every point: a township of Fujian with a
    small offset, two services; 1 in 10 at township precision, 1 in 50 hidden; all demo.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from directory.divisions import load_divisions
    from directory.models import Division, ProjectCategory, ServiceCategory, ServicePoint

    start = time.perf_counter()
    if not Division.objects.exists():
        load_divisions()
    ServiceCategory.objects.bulk_create(
        [ServiceCategory(code=c) for c in ProjectCategory.values], ignore_conflicts=True
    )
    points = ServicePoint._meta.db_table
    links = ServicePoint.categories.through._meta.db_table
    divisions = Division._meta.db_table
    categories = ServiceCategory._meta.db_table
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {links}")
        cursor.execute(f"DELETE FROM {points}")
        cursor.execute(
            f"""
            INSERT INTO {points} (name, name_en, level, division_id, address, latitude,
                longitude, location_approximate, location_precision, service_phone, is_public,
                is_demo, external_id, created_at, updated_at)
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s),
            towns AS (
                SELECT id, latitude, longitude, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k
                FROM {divisions} WHERE level = 'township'
            ),
            town_count AS (SELECT COUNT(*) AS c FROM towns)
            SELECT '基准测试儿童之家' || n || '（演示）', 'Benchmark Children''s Home ' || n,
                'village', towns.id, '基准村' || n || '号（演示地址）',
                towns.latitude + ((n * 7919) %% 4001 - 2000) / 100000.0,
                towns.longitude + ((n * 104729) %% 4001 - 2000) / 100000.0,
                FALSE, CASE WHEN n %% 10 = 0 THEN 'township' ELSE 'exact' END,
                '0591-' || (80000000 + n), n %% 50 <> 0, TRUE, NULL, %s, %s
            FROM seq CROSS JOIN town_count JOIN towns ON towns.k = seq.n %% town_count.c
            """,
            [size, now, now],
        )
        cursor.execute(
            f"""
            INSERT INTO {links} (servicepoint_id, servicecategory_id)
            WITH cats AS (
                SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM {categories}
            )
            -- no parameters: "%" is sent as it is (no %% escaping on either backend)
            SELECT p.id, cats.code FROM {points} p
            JOIN cats ON cats.k = p.id % 10 OR cats.k = (p.id + 3) % 10
            """
        )
    public = ServicePoint.objects.filter(is_public=True).count()
    return public, time.perf_counter() - start


def run_export_child(dataset: str, fmt: str, timeout: float) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", dataset, fmt],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def fits(step: str, rows: int, seconds_per_row: dict, started: float, budget: float) -> bool:
    """Whether a step is predicted to finish within the budget (15% margin); says so if not."""
    remaining = budget - (time.perf_counter() - started)
    if step in seconds_per_row:
        predicted = seconds_per_row[step] * rows * 1.15 + 10  # + a child's start-up
        if predicted > remaining:
            sys.stdout.write(
                f"{step:8} skipped at {rows:,} rows: predicted {predicted:.0f} s, "
                f"{remaining:.0f} s left of the {budget:.0f} s budget\n"
            )
            return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="17000,700000")
    parser.add_argument("--formats", default=",".join(FORMATS), help="e.g. csv,geojson")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for the whole run")
    parser.add_argument("--child", nargs=2, metavar=("DATASET", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--reuse-db", action="store_true", help="use DATABASE_URL as given")
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="skip generating when the database already holds exactly that many points",
    )
    args = parser.parse_args()

    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        sys.stdout.write(json.dumps(export(*args.child)) + "\n")
        return 0

    started = time.perf_counter()
    sizes = [int(s) for s in args.sizes.split(",")]
    seconds_per_row: dict[str, float] = {}  # measured on a smaller size, to predict the next
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if args.reuse_db and os.environ.get("DATABASE_URL"):
        database_url = os.environ["DATABASE_URL"]
    else:
        # Kept between runs (the points are replaced each time): migrating takes a while.
        path = bench_dir / "opendata.sqlite3"
        database_url = f"sqlite:///{path}"
    setup_django(database_url)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sys.stdout.write(f"migrated in {time.perf_counter() - started:.0f} s\n")
    for size in sizes:
        from directory.models import ServicePoint

        if args.keep_data and ServicePoint.objects.count() == size:
            public, gen_seconds = ServicePoint.objects.filter(is_public=True).count(), 0.0
        else:
            if not fits("generate", size, seconds_per_row, started, args.budget):
                continue
            public, gen_seconds = generate(size)
            seconds_per_row["generate"] = gen_seconds / size
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        sys.stdout.write(
            f"\n{size:,} generated points ({public:,} public) on {engine}: "
            f"generated in {gen_seconds:.1f} s ({gen_seconds / size * 1e6:.1f} µs/row)\n"
        )
        sys.stdout.write(
            f"{'format':8} {'wall s':>8} {'µs/row':>8} {'CPU µs/row':>11} {'MB out':>8} "
            f"{'peak RSS MB':>12} {'growth MB':>10}\n"
        )
        for fmt in args.formats.split(","):
            if not fits(fmt, public, seconds_per_row, started, args.budget):
                continue
            remaining = args.budget - (time.perf_counter() - started)
            try:
                figures = run_export_child("service-points", fmt, timeout=max(remaining, 1))
            except subprocess.TimeoutExpired:
                sys.stdout.write(f"{fmt:8} stopped: the budget ran out\n")
                continue
            seconds_per_row[fmt] = figures["seconds"] / public
            sys.stdout.write(
                f"{fmt:8} {figures['seconds']:8.2f} {figures['seconds'] / public * 1e6:8.1f} "
                f"{figures['cpu_seconds'] / public * 1e6:11.1f} "
                f"{figures['bytes'] / 1e6:8.1f} {figures['peak_kib'] / 1024:12.1f} "
                f"{(figures['peak_kib'] - figures['rss_before_kib']) / 1024:10.1f}\n"
            )
            sys.stdout.flush()
    sys.stdout.write(f"\ntotal {time.perf_counter() - started:.0f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
