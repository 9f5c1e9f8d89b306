"""The judged query set (queries.json) and its measures: success@3, MRR and precision@10 per
kind (precision@10: the share of the first 10 results that are in the place the query names)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUERIES_FILE = Path(__file__).with_name("queries.json")
DEPTH = 10  # MRR counts the first relevant result within this many


@dataclass(frozen=True)
class Judged:
    q: str
    kind: str
    division: str
    level: str | None
    lang: str = "zh-hans"


def load_queries() -> list[Judged]:
    data = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))
    return [
        Judged(
            q=item["q"],
            kind=item["kind"],
            division=item["expect"]["division"],
            level=item["expect"].get("level"),
            lang=item.get("lang", "zh-hans"),
        )
        for item in data["queries"]
    ]


def is_relevant(judged: Judged, division_code: str | None, level: str | None) -> bool:
    return bool(division_code and division_code.startswith(judged.division)) and (
        judged.level is None or level == judged.level
    )


# The kinds of the first judged set: they must stay at 0.98 or above (issue 15).
OLD_KINDS = frozenset(
    {
        "full_name",
        "short_name",
        "place_service",
        "pinyin",
        "typo",
        "english",
        "spaced_pinyin",
        "initials",
        "polyphonic",
        "mixed",
    }
)


@dataclass
class Scores:
    n: int = 0
    success_at_3: float = 0.0
    mrr: float = 0.0
    precision_at_10: float = 0.0


def evaluate(
    run: Callable[[Judged], list[tuple[str | None, str | None]]],
    queries: list[Judged] | None = None,
) -> tuple[dict[str, Scores], Scores, list[tuple[Judged, int | None]]]:
    """``run`` answers a judged query with its top results as (division_code, level) pairs
    (the judged set's queries, or ``queries``).

    Returns scores per kind, overall scores and each query's rank of the first relevant result.
    """
    per_kind: dict[str, list[tuple[int | None, float]]] = defaultdict(list)
    ranks = []
    everything = []
    for judged in load_queries() if queries is None else queries:
        results = run(judged)[:DEPTH]
        rank = next(
            (i for i, (code, level) in enumerate(results, 1) if is_relevant(judged, code, level)),
            None,
        )
        place = judged.division
        while len(place) > 2 and place.endswith("00"):
            place = place[:-2]  # 350100 (Fuzhou) -> 3501: every record in the city
        in_place = sum(1 for code, _ in results if code and code.startswith(place))
        precision = in_place / len(results) if results else 0.0
        per_kind[judged.kind].append((rank, precision))
        everything.append((rank, precision))
        ranks.append((judged, rank))

    def scores(values: list[tuple[int | None, float]]) -> Scores:
        n = len(values)
        return Scores(
            n=n,
            success_at_3=sum(1 for r, _ in values if r is not None and r <= 3) / n,
            mrr=sum(1 / r for r, _ in values if r is not None) / n,
            precision_at_10=sum(p for _, p in values) / n,
        )

    return (
        {kind: scores(values) for kind, values in per_kind.items()},
        scores(everything),
        ranks,
    )


def index_demo_network(backend) -> list:
    """Load the real divisions and the demo network, index its documents in ``backend`` and
    return them (what the judged and generated query benches search)."""
    from wagtail.models import Locale

    from directory.demo import generate_demo_network
    from directory.divisions import load_divisions
    from search import service

    # A flush between tests takes the default locale that the stories' documents read.
    Locale.objects.get_or_create(language_code="zh-hans")
    load_divisions()
    generate_demo_network()
    documents = list(service.all_documents())
    backend.rebuild(documents)
    return documents
