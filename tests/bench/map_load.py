# ruff: noqa: T201 - a benchmark prints its figures
"""Load benchmark of the search and clusters endpoints next to /healthz, at 17k and 700k points.

Not part of the test run (tests/bench is excluded). Run from the project folder:

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python tests/bench/map_load.py

It generates the synthetic points (manage.py generate_synthetic_points), rebuilds the search
index (manage.py search_rebuild, timed), builds the cluster index in-process to print its build
time, serves the portal with gunicorn on 127.0.0.1 (loopback only), warms every worker, then runs
a bounded mixed load (a small threaded keep-alive client, every request of a thread cycling
through /healthz, several cluster viewports/zooms and several searches) and prints p50/p95 and
the response sizes per URL. At the end the synthetic points are removed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

VIEWS = [
    ("clusters china z4", "bbox=73.5,18.0,135.0,53.6&zoom=4"),
    ("clusters china z5 legal_aid", "bbox=73.5,18.0,135.0,53.6&zoom=5&category=legal_aid"),
    ("clusters east z6", "bbox=105,20,125,42&zoom=6"),
    ("clusters fujian z7", "bbox=115.5,23.5,120.5,28.5&zoom=7"),
    ("clusters fujian z7 village", "bbox=115.5,23.5,120.5,28.5&zoom=7&level=village"),
    ("clusters beijing z8", "bbox=115.4,39.4,117.6,40.6&zoom=8"),
    ("clusters sanming z9", "bbox=117.0,25.8,118.4,26.9&zoom=9"),
    ("clusters taining z11", "bbox=116.95,26.75,117.4,27.05&zoom=11"),
    ("clusters fuzhou z14", "bbox=119.26,26.04,119.34,26.10&zoom=14"),
]
# Searches of several kinds: a place, a place and a service, pinyin, initials, near me.
SEARCHES = [
    ("search 泰宁", "q=%E6%B3%B0%E5%AE%81"),
    ("search 福州 儿童之家", "q=%E7%A6%8F%E5%B7%9E+%E5%84%BF%E7%AB%A5%E4%B9%8B%E5%AE%B6"),
    ("search taining", "q=taining"),
    ("search tnx", "q=tnx"),
    ("search near 关爱", "q=%E5%85%B3%E7%88%B1&near=26.08,119.30&radius_km=10"),
    # Near me with no text: what a parent's phone asks first.
    ("search near me", "near=26.08,119.30"),
    ("search near me 5 km", "near=26.08,119.30&radius_km=5"),
    ("search near 儿童之家", "q=%E5%84%BF%E7%AB%A5%E4%B9%8B%E5%AE%B6&near=26.08,119.30"),
    ("search 儿童之家 in 泰宁", "q=%E5%84%BF%E7%AB%A5%E4%B9%8B%E5%AE%B6&division=350429"),
]
# The page itself (server-rendered list), for information: not part of the clusters figure.
PAGES = [
    ("page /map/", "/map/"),
    ("page /map/ sanming villages", "/map/?division=350400&level=village"),
]
URLS = (
    [("healthz", "/healthz")]
    + [(n, "/api/v1/map/clusters/?" + q) for n, q in VIEWS]
    + [(n, "/api/v1/search/?" + q) for n, q in SEARCHES]
    + [(n, p) for n, p in PAGES]
)


def manage(*args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def build_time() -> str:
    code = (
        "import time; from search import clusters; t=time.perf_counter(); "
        "i=clusters.build_index(); "
        "print(f'{len(i)} points, index built in {time.perf_counter()-t:.2f} s')"
    )
    return manage("shell", "-c", code)


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def load(port: int, duration: float, threads: int) -> dict[str, list]:
    latencies: dict[str, list[float]] = {name: [] for name, _ in URLS}
    sizes: dict[str, int] = {}
    errors: list[str] = []
    stop = time.monotonic() + duration

    def worker(offset: int, urls: list[tuple[str, str]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        while time.monotonic() < stop:
            name, path = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                status, size = fetch(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{name}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies[name].append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"{name}: HTTP {status}")
            sizes[name] = size
        conn.close()

    # /healthz has a client of its own: cycling it with the rest, a slow search kind would
    # starve the baseline of samples (one sample in a 700k run).
    others = [u for u in URLS if u[0] != "healthz"]
    pool = [threading.Thread(target=worker, args=(0, URLS[:1]))] + [
        threading.Thread(target=worker, args=(n, others)) for n in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"latencies": latencies, "sizes": sizes, "errors": errors}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(label: str, result: dict) -> None:
    print(f"\n== {label} ==")
    print(f"{'url':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8} {'features':>8}")
    health = result["latencies"]["healthz"]
    for name, _ in URLS:
        values = result["latencies"][name]
        if not values:
            print(f"{name:32} no answers")
            continue
        print(
            f"{name:32} {len(values):6d} {statistics.median(values) * 1000:8.2f} "
            f"{percentile(values, 0.95) * 1000:8.2f} {result['sizes'].get(name, 0):8d} "
            f"{result.get('features', {}).get(name, ''):>8}"
        )
    for kind in ("clusters", "search"):
        values = [v for n, vs in result["latencies"].items() if n.startswith(kind) for v in vs]
        ratio = percentile(values, 0.95) / percentile(health, 0.95)
        print(
            f"all {kind} p50 {statistics.median(values) * 1000:.2f} ms, p95 "
            f"{percentile(values, 0.95) * 1000:.2f} ms vs healthz p95 "
            f"{percentile(health, 0.95) * 1000:.2f} ms: ratio {ratio:.2f}"
            + (" (target <= 5)" if kind == "clusters" else "")
        )
    if result["errors"]:
        print(f"errors: {len(result['errors'])}, first: {result['errors'][:3]}")


def count_features(port: int) -> dict[str, int]:
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    counts = {}
    for name, path in URLS[1:]:
        if not name.startswith("clusters"):
            continue
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        body = conn.getresponse().read()
        counts[name] = len(json.loads(body)["features"])
    conn.close()
    return counts


def serve_and_measure(label: str, args) -> None:
    print(build_time())
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.test")
    server = subprocess.Popen(
        [
            GUNICORN, "portal.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers),
            "--timeout", "120", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
                fetch(conn, "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        # Warm every worker: the first request of each builds its index.
        started = time.perf_counter()
        load(args.port, 0.1, args.workers * 2)
        for _ in range(3):
            load(args.port, 2, args.workers * 2)
        print(f"warm-up {time.perf_counter() - started:.1f} s")
        features = count_features(args.port)
        result = load(args.port, args.duration, args.threads)
        result["features"] = features
        report(label, result)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8049)
    parser.add_argument("--duration", type=float, default=30, help="seconds per load run (<=60)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="17000,700000")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic points")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the points and index already there (kept by --keep): one size, no rebuild",
    )
    args = parser.parse_args()
    args.duration = min(args.duration, 60)
    os.chdir(ROOT)
    if args.reuse:
        count = manage(
            "shell", "-c", "from search.models import SearchEntry as E; print(E.objects.count())"
        )
        serve_and_measure(f"{count} indexed documents (reused)", args)
        return
    print(manage("generate_synthetic_points", "--remove"))
    total = 0
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            out = manage(
                "generate_synthetic_points", "--count", str(size - total), "--fujian",
                str(max(0, 17000 - total)),
            )  # fmt: skip
            total = size
            print(out.splitlines()[-1], f"({time.perf_counter() - started:.0f} s)")
            started = time.perf_counter()
            print(manage("search_rebuild"), f"({time.perf_counter() - started:.0f} s)")
            serve_and_measure(f"{size} synthetic points (+ demo network)", args)
    finally:
        if not args.keep:
            print(manage("generate_synthetic_points", "--remove"))
            print(manage("search_rebuild"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
