"""Engine backend benchmark: text preparation, bulk index rate, query latency, fallback latency.

Run on demand (bounded: about a minute on two cores), against osmem-server:

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python -m tests.bench.engine_bench [N]

N synthetic documents (default 10,000) are laid over the real Fujian divisions. The fallback's
"database" is the in-memory stand-in of tests/search/engine until the database backend is merged,
so the fallback figures measure the engine-failure overhead, not the database query itself.
"""

from __future__ import annotations

import csv
import logging
import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()
logging.getLogger("opensearch").setLevel(logging.CRITICAL)  # the failures are the point here
logging.getLogger("search").setLevel(logging.CRITICAL)

from osmem_server import OsmemServer  # noqa: E402

from search.backends.engine import EngineBackend  # noqa: E402
from search.contract import ClusterQuery, SearchDocument, SearchQuery  # noqa: E402
from search.engine_documents import to_source  # noqa: E402
from search.fallback import CircuitBreaker, FallbackBackend  # noqa: E402
from tests.search.engine.memory_backend import MemoryBackend  # noqa: E402

SERVICES = ["儿童关爱服务站", "儿童之家", "未成年人救助保护中心", "儿童福利院", "社工服务站"]
LEVELS = ["township", "village", "county", "city", "township"]
CATEGORIES = ["care_network", "holiday_care", "mental_health", "legal_aid", "family_affection"]


def divisions():
    path = Path("directory/data/fujian_divisions.csv")
    with path.open(encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["lat"]]


def synthetic(n: int) -> list[SearchDocument]:
    rng = random.Random(4)
    rows = divisions()
    documents = []
    for i in range(n):
        row = rng.choice(rows)
        kind = rng.randrange(len(SERVICES))
        documents.append(
            SearchDocument(
                type="service_point",
                id=str(i),
                title=f"{row['name']}{SERVICES[kind]}{i}",
                body=f"{row['name']}，{rng.choice(['心理辅导', '暑期托管', '法律援助'])}",
                url=f"/service-points/{i}/",
                level=LEVELS[kind],
                division_code=row["code"],
                division_name=row["name"],
                city_code=row["code"][:4] + "00",
                categories=(rng.choice(CATEGORIES),),
                lat=float(row["lat"]) + rng.uniform(-0.05, 0.05),
                lon=float(row["lon"]) + rng.uniform(-0.05, 0.05),
            )
        )
    return documents


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(call, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main(n: int) -> None:
    documents = synthetic(n)
    start = time.perf_counter()
    for document in documents:
        to_source(document)
    prep = time.perf_counter() - start
    report(f"text preparation (jieba + pinyin): {n} docs in {prep:.1f} s = {n / prep:,.0f} docs/s")

    server = OsmemServer.start(freeze=False, japanese=False)
    try:
        engine = EngineBackend(url=server.url, client="opensearch", prefix="fulei-bench", timeout=5)
        start = time.perf_counter()
        engine.rebuild(documents)
        elapsed = time.perf_counter() - start
        report(
            f"rebuild (prep + bulk + refresh + alias swap): {n / elapsed:,.0f} docs/s "
            f"({elapsed:.1f} s); without the text preparation: {n / (elapsed - prep):,.0f} docs/s"
        )

        queries = {
            "text 泰宁": SearchQuery(text="泰宁"),
            "pinyin taining": SearchQuery(text="taining"),
            "near + text": SearchQuery(text="儿童之家", near=(26.08, 119.30)),
            "facets only": SearchQuery(level="village"),
        }
        for label, query in queries.items():
            times = timed(lambda q=query: engine.search(q), repeat=30)
            report(
                f"engine query {label:16s} p50 {p(times, 50):6.1f} ms  p95 {p(times, 95):6.1f} ms"
            )
        for zoom in (6, 9, 12):
            query = ClusterQuery(bbox=(115.8, 23.4, 120.8, 28.4), zoom=zoom)
            times = timed(lambda q=query: engine.clusters(q), repeat=20)
            count = len(engine.clusters(query))
            report(
                f"engine clusters zoom {zoom:2d} ({count:4d} features) p50 {p(times, 50):6.1f} ms"
                f"  p95 {p(times, 95):6.1f} ms"
            )

        database = MemoryBackend()
        database.index(documents)
        query = SearchQuery(text="泰宁")
        alone = timed(lambda: database.search(query), repeat=20)
        report(f"database stand-in alone            p50 {p(alone, 50):6.1f} ms")

        for timeout in (0.5, 2.0):
            guarded = FallbackBackend(
                EngineBackend(
                    url=server.url, client="opensearch", prefix="fulei-bench", timeout=timeout
                ),
                database,
                CircuitBreaker(retry_after=30),
            )
            os.kill(server.pid, signal.SIGSTOP)
            time.sleep(0.2)
            first = timed(lambda g=guarded: g.search(query))[0]
            after = timed(lambda g=guarded: g.search(query), repeat=20)
            os.kill(server.pid, signal.SIGCONT)
            report(
                f"fallback, engine hung, timeout {timeout} s: first query {first:7.1f} ms, "
                f"then (breaker open) p50 {p(after, 50):6.1f} ms p95 {p(after, 95):6.1f} ms"
            )

        guarded = FallbackBackend(
            EngineBackend(url=server.url, client="opensearch", prefix="fulei-bench", timeout=2),
            database,
            CircuitBreaker(retry_after=30),
        )
        guarded.search(query)  # a warm connection, as in a running site
        server.process.kill()
        server.process.wait()
        first = timed(lambda: guarded.search(query))[0]
        after = timed(lambda: guarded.search(query), repeat=20)
        report(
            f"fallback, engine killed: first query {first:7.1f} ms, "
            f"then (breaker open) p50 {p(after, 50):6.1f} ms p95 {p(after, 95):6.1f} ms"
        )
    finally:
        server.close(grace=1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
