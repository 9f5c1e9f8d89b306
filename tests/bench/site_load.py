# ruff: noqa: T201 - a benchmark prints its figures
"""Load and fault benchmark of the public site under gunicorn (loopback only, bounded in time).

Not part of the test run (tests/bench is excluded). Run from the project folder on a database
that holds the demo network (``make setup``, or on PostgreSQL: migrate, load_divisions,
load_demo_data, setup_site, search_rebuild):

    DATABASE_URL=postgres://... REDIS_URL=redis://... \
        .venv/bin/python tests/bench/site_load.py [--connections 64] [--duration 60]

    # the search engine killed in the middle of the load, then started again:
    DATABASE_URL=... REDIS_URL=... .venv/bin/python tests/bench/site_load.py --engine-outage

The server is gunicorn on 127.0.0.1 with docs/gunicorn.conf.py (sync workers, each building its
map-cluster index before its first request) and ``--workers`` workers. The client is a small
threaded one: ``--connections`` threads, each with one request in flight; gunicorn's sync workers
close the connection after every answer, so every request opens a new connection (behind nginx
the backend sees the same).
Every thread cycles through home, /map/, searches, cluster views and directory detail pages.
The script prints, per endpoint kind, the number of answers, throughput, p50/p95/p99 and the
errors (any status other than 200, any connection error or timeout), and exits 1 on any error.

``--engine-outage`` starts osmem-server (the in-memory OpenSearch stand-in) on a free port,
serves with ``SEARCH_BACKEND=elasticsearch``, rebuilds the engine index, and during the load kills
the engine at one third of the run and starts a new one on the same port at two thirds (then
``search_rebuild`` fills it, as an operator would). It prints, per phase, the answers by
``backend`` of /api/v1/search/ and the ``/healthz`` status, and fails on any 5xx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

SEARCHES = ["泰宁", "福州 儿童之家", "taining", "tnx", "关爱服务", "legal aid", "马尾"]
CLUSTER_VIEWS = [
    "bbox=73.5,18.0,135.0,53.6&zoom=4",
    "bbox=115.5,23.5,120.5,28.5&zoom=7",
    "bbox=115.5,23.5,120.5,28.5&zoom=7&level=village",
    "bbox=117.0,25.8,118.4,26.9&zoom=9",
    "bbox=116.95,26.75,117.4,27.05&zoom=11",
    "bbox=119.26,26.04,119.34,26.10&zoom=14",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "zh-hans"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def build_urls(port: int) -> list[tuple[str, str]]:
    """The mix: (kind, path). Detail pages are real ids and division codes read from the API."""
    status, body = get(port, "/api/v1/service-points/?page_size=40")
    if status != 200:
        raise SystemExit(f"/api/v1/service-points/ answered {status}: is the demo data loaded?")
    points = json.loads(body)["results"]
    if not points:
        raise SystemExit("no public service points: run manage.py load_demo_data first")
    codes = sorted({p["division"]["code"][:6] for p in points if p.get("division")})
    urls = [("home", "/"), ("home", "/en/"), ("map", "/map/"), ("map", "/map/?level=village")]
    urls += [("search", f"/api/v1/search/?q={quote(q)}") for q in SEARCHES]
    urls += [("clusters", f"/api/v1/map/clusters/?{view}") for view in CLUSTER_VIEWS]
    urls += [("point detail", f"/directory/points/{p['id']}/") for p in points[:12]]
    urls += [("division detail", f"/directory/{code}/") for code in codes[:6]]
    return urls


class Recorder:
    """Latencies, statuses and search backends, each tagged with the phase it happened in."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.phase = "load"
        self.latencies: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.statuses: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.backends: dict[str, Counter] = defaultdict(Counter)
        self.errors: list[str] = []
        self.search_log: list[tuple[float, bool]] = []  # (monotonic time, answered by engine)

    def record(self, kind: str, path: str, status: int, seconds: float, body: bytes) -> None:
        with self.lock:
            phase = self.phase
            self.latencies[(phase, kind)].append(seconds)
            self.statuses[(phase, kind)][status] += 1
            if status != 200:
                self.errors.append(f"[{phase}] {path}: HTTP {status}")
            if kind == "search" and status == 200:
                answer = json.loads(body)
                self.backends[phase][f"{answer['backend']} degraded={answer['degraded']}"] += 1
                self.search_log.append((time.monotonic(), not answer["degraded"]))

    def failure(self, kind: str, path: str, exc: Exception) -> None:
        with self.lock:
            self.statuses[(self.phase, kind)]["conn-error"] += 1
            self.errors.append(f"[{self.phase}] {path}: {type(exc).__name__}: {exc}")


def run_load(
    port: int, urls: list[tuple[str, str]], connections: int, duration: float, recorder: Recorder
) -> float:
    stop = time.monotonic() + duration

    def worker(offset: int) -> None:
        i = offset * 7
        while time.monotonic() < stop:
            kind, path = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                status, body = get(port, path)
            except (OSError, http.client.HTTPException) as exc:
                recorder.failure(kind, path, exc)
                continue
            recorder.record(kind, path, status, time.perf_counter() - started, body)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(recorder: Recorder, elapsed: dict[str, float]) -> None:
    phases = list(dict.fromkeys(phase for phase, _ in recorder.latencies))
    for phase in phases:
        seconds = elapsed[phase]
        total = sum(len(v) for (p, _), v in recorder.latencies.items() if p == phase)
        print(f"\n== {phase}: {seconds:.1f} s, {total} answers, {total / seconds:.1f} req/s ==")
        print(
            f"{'endpoint':16} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            "statuses"
        )
        for (p, kind), values in sorted(recorder.latencies.items()):
            if p != phase:
                continue
            statuses = ", ".join(
                f"{s}: {n}" for s, n in sorted(recorder.statuses[(p, kind)].items(), key=str)
            )
            print(
                f"{kind:16} {len(values):6d} {len(values) / seconds:7.1f} "
                f"{percentile(values, 0.50) * 1000:8.0f} {percentile(values, 0.95) * 1000:8.0f} "
                f"{percentile(values, 0.99) * 1000:8.0f} {statuses}"
            )
        if recorder.backends.get(phase):
            print("search answered by:", dict(recorder.backends[phase]))
    print(f"\nerrors: {len(recorder.errors)}")
    for line in recorder.errors[:10]:
        print("  ", line)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    # The production sample config (docs/gunicorn.conf.py: sync workers, warm-up hook), with the
    # socket, pool size and logging of this run given on the command line, which takes precedence.
    server = subprocess.Popen(
        [
            GUNICORN, "portal.wsgi", "-c", str(ROOT / "docs" / "gunicorn.conf.py"),
            "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "120",
            "--backlog", "2048", "--access-logfile", "/dev/null", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(port, "/healthz", timeout=120)[0] in (200, 503):
                return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.5)


def warm_up(port: int, urls: list[tuple[str, str]], workers: int) -> None:
    """Every worker builds its cluster index and search maps on its first requests."""
    recorder = Recorder()
    run_load(port, urls, workers * 2, 8, recorder)


def healthz(port: int) -> str:
    try:
        status, body = get(port, "/healthz", timeout=30)
    except OSError as exc:
        return f"unreachable ({exc})"
    answer = json.loads(body)
    return f"HTTP {status} status={answer['status']} search={answer['search']['status']}"


def plain_load(args, env: dict) -> Recorder:
    port = args.port or free_port()
    server = start_gunicorn(env, port, args.workers)
    try:
        urls = build_urls(port)
        warm_up(port, urls, args.workers)
        print(f"gunicorn -w {args.workers} on 127.0.0.1:{port}; {len(urls)} URLs in the mix")
        print(f"/healthz before: {healthz(port)}")
        recorder = Recorder()
        elapsed = run_load(port, urls, args.connections, args.duration, recorder)
        print(f"/healthz after: {healthz(port)}")
        report(recorder, {"load": elapsed})
        return recorder
    finally:
        server.terminate()
        server.wait(timeout=30)


def engine_outage(args, env: dict) -> Recorder:
    from osmem_server import OsmemServer

    engine = OsmemServer.start(freeze=False, japanese=False)
    engine_port = int(engine.url.rsplit(":", 1)[1].rstrip("/"))
    env = dict(
        env,
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=engine.url,
        SEARCH_ENGINE_CLIENT="opensearch",
        SEARCH_INDEX_PREFIX=f"fulei-bench-{os.getpid()}",
        SEARCH_ENGINE_TIMEOUT=str(args.engine_timeout),
        SEARCH_ENGINE_RETRY_SECONDS=str(args.retry_seconds),
    )
    started = time.perf_counter()
    print(manage(env, "search_rebuild"), f"({time.perf_counter() - started:.1f} s)")
    port = args.port or free_port()
    server = start_gunicorn(env, port, args.workers)
    recorder = Recorder()
    elapsed: dict[str, float] = {}
    try:
        urls = build_urls(port)
        warm_up(port, urls, args.workers)
        print(f"gunicorn -w {args.workers} on 127.0.0.1:{port}, engine {engine.url}")
        print(f"/healthz engine up: {healthz(port)}")
        third = args.duration / 3

        def phase(name: str, seconds: float) -> None:
            recorder.phase = name
            elapsed[name] = run_load(port, urls, args.connections, seconds, recorder)

        phase("1 engine up", third)
        engine.process.kill()
        engine.process.wait()
        killed = time.monotonic()
        print(f"engine killed; /healthz: {healthz(port)}")
        phase("2 engine down", third)
        print(f"/healthz engine down, end of phase 2: {healthz(port)}")
        engine = OsmemServer.start(freeze=False, japanese=False, addr=f"127.0.0.1:{engine_port}")
        restarted = time.monotonic()
        started = time.perf_counter()
        print(
            "engine restarted on the same port;",
            manage(env, "search_rebuild"),
            f"({time.perf_counter() - started:.1f} s)",
        )
        # The breaker of each worker tries the engine again after SEARCH_ENGINE_RETRY_SECONDS.
        phase("3 engine back", third)
        print(f"/healthz engine back: {healthz(port)}")
        report(recorder, elapsed)
        last_engine = max(
            (t for t, by_engine in recorder.search_log if by_engine and t < killed), default=None
        )
        first_back = min(
            (t for t, by_engine in recorder.search_log if by_engine and t > restarted), default=None
        )
        if last_engine is not None:
            print(f"last engine answer {killed - last_engine:.1f} s before the kill")
        print(
            "first engine answer after the restart: "
            + (f"{first_back - restarted:.1f} s" if first_back else "none")
            + f" (includes search_rebuild; breaker wait {args.retry_seconds:g} s)"
        )
        five = [e for e in recorder.errors if "HTTP 5" in e]
        print(f"5xx: {len(five)}")
        return recorder
    finally:
        server.terminate()
        server.wait(timeout=30)
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (<= 180)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--engine-outage", action="store_true")
    parser.add_argument(
        "--retry-seconds", type=float, default=5, help="SEARCH_ENGINE_RETRY_SECONDS"
    )
    parser.add_argument("--engine-timeout", type=float, default=2, help="SEARCH_ENGINE_TIMEOUT")
    args = parser.parse_args()
    args.duration = min(args.duration, 180)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.test")
    recorder = engine_outage(args, env) if args.engine_outage else plain_load(args, env)
    sys.stdout.flush()
    sys.exit(1 if recorder.errors else 0)


if __name__ == "__main__":
    main()
