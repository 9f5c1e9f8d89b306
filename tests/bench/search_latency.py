# ruff: noqa: T201  (a benchmark prints its figures)
"""Latency of the database search backend at 17k and 700k points, and its index build time.

Run (bounded: about 5–10 minutes on two shared cores, most of it building the 700k index)::

    .venv/bin/python tests/bench/search_latency.py --replicate 17000   # ~5 min, var/bench/
    .venv/bin/python tests/bench/search_latency.py --sizes 17000   # only the small run
    DATABASE_URL=postgres://... .venv/bin/python tests/bench/search_latency.py

Synthetic points (flagged ``is_demo``, "（合成）" in their name) are laid over the real Fujian
divisions' coordinates: every level of the network, village homes with generated village names,
indexed straight from SearchDocuments (the cost measured is the backend's: text preparation and
writes). The demo network's own 1,273 points are indexed too, so the judged queries
(tests/search/queries.json) have their answers; each is run ``--repeat`` times and p50/p95 are
printed per kind, in-process (no HTTP).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT}/var/bench/search-latency.sqlite3")

SYNTHETIC_MARK = "（合成）"
FIRST = "东西南北上下前后大小新旧高低长石竹松柏桃李杨柳梅兰溪河湖坑岭坂山田洋厝林"
SECOND = "头尾口坑岭坂洋厝林山村园塘湾埔坪寨洲桥亭店墩"


def synthetic_documents(count: int, seed: int = 4):
    """``count`` service-point documents over the real divisions (ids from 10,000,000 up)."""
    from directory.models import Division
    from directory.search_documents import _Chains, city_code
    from search.contract import SERVICE_POINT, SearchDocument

    rng = random.Random(seed)
    chains = _Chains()
    townships = list(
        Division.objects.filter(level="township").values(
            "pk", "code", "name", "name_en", "latitude", "longitude"
        )
    )
    for n in range(count):
        township = townships[n % len(townships)]
        village = rng.choice(FIRST) + rng.choice(SECOND)
        chain_zh, chain_en = chains(township["pk"])
        yield SearchDocument(
            type=SERVICE_POINT,
            id=str(10_000_000 + n),
            title=f"{township['name']}{village}村儿童之家{SYNTHETIC_MARK}",
            title_en=f"{village} Village Children's Home, {township['name_en']} (synthetic)",
            body=f"{chain_zh}{village}村 儿童之家 儿童学校工程 亲情关爱工程",
            body_en=f"{chain_en} Children's home",
            url=f"/directory/points/{10_000_000 + n}/",
            level="village",
            division_code=township["code"],
            division_name=township["name"],
            division_name_en=township["name_en"],
            city_code=city_code(township["code"]),
            categories=("childrens_school", "family_affection"),
            lat=township["latitude"] + rng.uniform(-0.05, 0.05),
            lon=township["longitude"] + rng.uniform(-0.05, 0.05),
            is_demo=True,
        )


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(size: int, repeat: int, reuse: bool = False, replicate: int = 0) -> None:
    from django.db import connection, transaction

    from directory.demo import generate_demo_network
    from directory.divisions import load_divisions
    from search import service, text
    from search.backends.database.entries import entry_values as _entry
    from search.contract import SearchQuery

    load_divisions()
    generate_demo_network()
    backend = service.get_backend("database")
    text.tokens("预热")  # load jieba and the place dictionary outside the timings

    # Text preparation alone, on a sample, so its share of the build is known.
    sample = list(synthetic_documents(min(size, 20_000), seed=99))
    started = time.perf_counter()
    for document in sample:
        _entry(document)  # segmentation + pinyin of title and body, as the build does
    prep_per_row = (time.perf_counter() - started) / len(sample)
    text._tokens_cached.cache_clear()
    text._analyse.cache_clear()

    from search.models import SearchEntry

    started = time.perf_counter()
    demo = list(service.all_documents())
    if reuse and SearchEntry.objects.count() == size:
        print(f"\n(reusing the index of {size:,} documents built by an earlier run)")
        written, build = size, float("nan")
    elif replicate and size > replicate:
        # Prepare `replicate` rows for real, then copy them in SQL (new ids, shifted by up to
        # ~1 km) up to `size`: the full-text index is built by the database for every copy, the
        # Python text preparation is measured per row above and extrapolated.
        backend.rebuild(itertools.chain(demo, synthetic_documents(replicate - len(demo))))
        base_build = time.perf_counter() - started
        copies = -(-(size - replicate) // (replicate - len(demo)))
        copy_started = time.perf_counter()
        table = SearchEntry._meta.db_table
        columns = [f.column for f in SearchEntry._meta.concrete_fields if f.column != "id"]
        with transaction.atomic(), connection.cursor() as cursor:
            for k in range(1, copies + 1):
                values = [
                    f"doc_id || '-' || {k}"
                    if c == "doc_id"
                    else f"lat + {(k % 7 - 3) * 0.003}"
                    if c == "lat"
                    else f"lon + {(k % 5 - 2) * 0.003}"
                    if c == "lon"
                    else c
                    for c in columns
                ]
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                    f"FROM {table} WHERE LENGTH(doc_id) = 8 "
                    f"LIMIT {size - SearchEntry.objects.count()}"
                )
        copy_time = time.perf_counter() - copy_started
        written = SearchEntry.objects.count()
        build = base_build / replicate * written
        print(
            f"\n{replicate:,} rows prepared and written in {base_build:.1f} s; "
            f"{written - replicate:,} copies written (database-side full-text indexing) in "
            f"{copy_time:.1f} s; the build below is extrapolated from the per-row cost"
        )
    else:
        documents = itertools.chain(demo, synthetic_documents(size - len(demo)))
        written = backend.rebuild(documents)
        build = time.perf_counter() - started
    print(f"\n== {written:,} documents on {connection.vendor} ==")
    print(
        f"index build: {build:.1f} s ({build / written * 1e6:.0f} µs/row); text preparation "
        f"alone {prep_per_row * 1e6:.0f} µs/row (≈{prep_per_row * written:.0f} s of the build)"
    )

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # as a long-running site would be: WAL folded in
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    backend.search(SearchQuery(level="village"))  # the per-process id map, read once
    # One untimed pass, so the pages the queries read are in the file cache, as on a serving
    # machine (this one's memory is reclaimed when idle: a cold read from disk costs 50 ms or
    # more a query). "First time" below means first in the process: no match list kept.
    measure(backend, 1, True, quiet=True)
    for first_time in (True, False):
        measure(backend, repeat, first_time)


def measure(backend, repeat: int, first_time: bool, quiet: bool = False) -> None:
    """p50/p95 per kind. ``first_time``: each query as if never asked before in this process
    (the cache of large match lists emptied before each run); else as asked again."""
    from search.backends.database.matches import MATCHES
    from search.contract import SearchQuery
    from tests.search.judged import load_queries

    def timed(query: SearchQuery) -> float:
        if first_time:
            MATCHES.clear()
        else:
            backend.search(query)  # asked once before
        started = time.perf_counter()
        backend.search(query)
        return (time.perf_counter() - started) * 1000

    timings: dict[str, list[float]] = defaultdict(list)
    per_query: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _ in range(repeat):
        for judged in load_queries():
            query = SearchQuery(text=judged.q, language=judged.lang)
            took = timed(query)
            timings[judged.kind].append(took)
            per_query[(judged.kind, judged.q)].append(took)
    fuzhou, taining = (26.08, 119.30), (26.90, 117.17)
    extra = {
        "near (no text)": SearchQuery(near=fuzhou),
        "near taining": SearchQuery(near=taining),
        "near + radius 5 km": SearchQuery(near=fuzhou, radius_km=5),
        "near + type": SearchQuery(near=taining, types=("service_point",)),
        "near + text": SearchQuery(text="儿童之家", near=fuzhou),
        "near + text + radius": SearchQuery(text="关爱", near=fuzhou, radius_km=10),
        "text + level filter": SearchQuery(text="泰宁", level="village"),
        "text + division": SearchQuery(text="儿童之家", division="350429"),
        "text + city": SearchQuery(text="儿童之家", division="3501"),
        "city + common word": SearchQuery(text="福州 儿童之家"),
    }
    for name, query in extra.items():
        for _ in range(repeat):
            timings[name].append(timed(query))
    if quiet:
        return
    print(
        "\neach query asked for the first time (large match lists not cached)"
        if first_time
        else "\neach query asked again (large match lists cached in the process)"
    )
    print(f"{'kind':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    everything = []
    for kind, values in timings.items():
        if kind in extra:
            continue
        everything.extend(values)
    for kind, values in [*timings.items(), ("ALL judged", everything)]:
        print(
            f"{kind:22} {len(values):5d} {statistics.median(values):8.1f} "
            f"{percentile(values, 95):8.1f} {max(values):8.1f}"
        )
    slowest = sorted(per_query.items(), key=lambda item: -percentile(item[1], 95))
    over = sum(percentile(values, 95) > 100 for values in per_query.values())
    print(f"judged queries over 100 ms p95: {over} of {len(per_query)}; the slowest:")
    for (kind, text), values in slowest[:6]:
        print(
            f"  {text!r:28} {kind:18} p50 {statistics.median(values):6.1f}  p95 "
            f"{percentile(values, 95):6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[17_000, 700_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an index of the same size")
    parser.add_argument(
        "--replicate",
        type=int,
        default=0,
        help="prepare this many rows, copy them in SQL up to the size (a bounded 700k run)",
    )
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("sqlite:///"):
        Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the search index version lives there
    for size in args.sizes:
        run(size, args.repeat, args.reuse, args.replicate)


if __name__ == "__main__":
    main()
