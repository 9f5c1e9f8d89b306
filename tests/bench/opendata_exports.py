"""Benchmark: stream every open-data export of generated service points, 17k and 700k rows.

Not collected by pytest (``--ignore=tests/bench``). Run from the project folder:

    .venv/bin/python tests/bench/opendata_exports.py                 # 17k and 700k, SQLite
    .venv/bin/python tests/bench/opendata_exports.py --sizes 17000   # one size
    DATABASE_URL=postgres://... .venv/bin/python tests/bench/opendata_exports.py --reuse-db

For each size it builds a database (a SQLite file under var/bench/ unless DATABASE_URL is set:
that database is EMPTIED of service points first), loads the real divisions, generates the points
in bulk (with services, 1 in 10 at township precision, 1 in 50 hidden), then streams each format
of the service-points dataset in a fresh subprocess and prints time per row, the peak resident
memory of that subprocess and its growth over the memory before streaming. Constant-memory
streaming shows as the same growth at both sizes. The whole run stops before ``--budget``
seconds: a size whose predicted time does not fit is skipped, and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
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
    start = time.perf_counter()
    response = client.get(f"/opendata/{dataset}.{fmt}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - start
    peak = status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "bytes": size, "rss_before_kib": before, "peak_kib": peak}


def generate(size: int, seed: int = 3) -> tuple[int, float]:
    """Replace all service points by ``size`` generated ones; (public rows, seconds)."""
    from django.db import transaction

    from portal.directory.divisions import load_divisions
    from portal.directory.models import (
        Division,
        Level,
        LocationPrecision,
        ProjectCategory,
        ServiceCategory,
        ServicePoint,
    )

    start = time.perf_counter()
    if not Division.objects.exists():
        load_divisions()
    ServiceCategory.objects.bulk_create(
        [ServiceCategory(code=c) for c in ProjectCategory.values], ignore_conflicts=True
    )
    ServicePoint.objects.all().delete()
    townships = list(
        Division.objects.filter(level=Level.TOWNSHIP).values_list("pk", "latitude", "longitude")
    )
    rng = random.Random(seed)
    codes = ProjectCategory.values
    through = ServicePoint.categories.through
    public = 0
    batch_size = 5000
    for offset in range(0, size, batch_size):
        points = []
        for n in range(offset, min(offset + batch_size, size)):
            division, lat, lon = rng.choice(townships)
            hidden = n % 50 == 0
            public += not hidden
            points.append(
                ServicePoint(
                    name=f"基准测试儿童之家{n}（演示）",
                    name_en=f"Benchmark Children's Home {n} (demo)",
                    level="village",
                    division_id=division,
                    address=f"基准村{n}号（演示地址）",
                    latitude=round(lat + rng.uniform(-0.02, 0.02), 6),
                    longitude=round(lon + rng.uniform(-0.02, 0.02), 6),
                    location_precision=(
                        LocationPrecision.TOWNSHIP if n % 10 == 0 else LocationPrecision.EXACT
                    ),
                    service_phone=f"0591-{80000000 + n}",
                    is_public=not hidden,
                    is_demo=True,
                )
            )
        with transaction.atomic():
            created = ServicePoint.objects.bulk_create(points)
            through.objects.bulk_create(
                [
                    through(servicepoint_id=p.pk, servicecategory_id=code)
                    for p in created
                    for code in rng.sample(codes, 2)
                ],
                batch_size=batch_size,
            )
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="17000,700000")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for the whole run")
    parser.add_argument("--child", nargs=2, metavar=("DATASET", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--reuse-db", action="store_true", help="use DATABASE_URL as given")
    args = parser.parse_args()

    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        sys.stdout.write(json.dumps(export(*args.child)) + "\n")
        return 0

    started = time.perf_counter()
    sizes = [int(s) for s in args.sizes.split(",")]
    seconds_per_row = None  # measured on the first size, to predict the next
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if args.reuse_db and os.environ.get("DATABASE_URL"):
        database_url = os.environ["DATABASE_URL"]
    else:
        path = bench_dir / "opendata.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    setup_django(database_url)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sys.stdout.write(f"migrated in {time.perf_counter() - started:.0f} s\n")
    for size in sizes:
        remaining = args.budget - (time.perf_counter() - started)
        if seconds_per_row is not None and seconds_per_row * size > remaining:
            sys.stdout.write(
                f"\n{size:,} rows: skipped, predicted {seconds_per_row * size:.0f} s "
                f"> {remaining:.0f} s left of the {args.budget:.0f} s budget\n"
            )
            continue
        size_started = time.perf_counter()
        public, gen_seconds = generate(size)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        sys.stdout.write(
            f"\n{size:,} generated points ({public:,} public) on {engine}: "
            f"generated in {gen_seconds:.1f} s ({gen_seconds / size * 1e6:.1f} µs/row)\n"
        )
        sys.stdout.write(
            f"{'format':8} {'seconds':>8} {'µs/row':>8} {'MB out':>8} "
            f"{'peak RSS MB':>12} {'growth MB':>10}\n"
        )
        for fmt in FORMATS:
            remaining = args.budget - (time.perf_counter() - started)
            figures = run_export_child("service-points", fmt, timeout=max(remaining, 1))
            sys.stdout.write(
                f"{fmt:8} {figures['seconds']:8.2f} {figures['seconds'] / public * 1e6:8.1f} "
                f"{figures['bytes'] / 1e6:8.1f} {figures['peak_kib'] / 1024:12.1f} "
                f"{(figures['peak_kib'] - figures['rss_before_kib']) / 1024:10.1f}\n"
            )
            sys.stdout.flush()
        seconds_per_row = (time.perf_counter() - size_started) / size * 1.15
    sys.stdout.write(f"\ntotal {time.perf_counter() - started:.0f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
