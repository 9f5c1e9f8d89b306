"""The judged query set (queries.json) and its measures: success@3 and MRR per kind."""

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


@dataclass
class Scores:
    n: int = 0
    success_at_3: float = 0.0
    mrr: float = 0.0


def evaluate(
    run: Callable[[Judged], list[tuple[str | None, str | None]]],
) -> tuple[dict[str, Scores], Scores, list[tuple[Judged, int | None]]]:
    """``run`` answers a judged query with its top results as (division_code, level) pairs.

    Returns scores per kind, overall scores and each query's rank of the first relevant result.
    """
    per_kind: dict[str, list[int | None]] = defaultdict(list)
    ranks = []
    for judged in load_queries():
        results = run(judged)[:DEPTH]
        rank = next(
            (i for i, (code, level) in enumerate(results, 1) if is_relevant(judged, code, level)),
            None,
        )
        per_kind[judged.kind].append(rank)
        ranks.append((judged, rank))

    def scores(values: list[int | None]) -> Scores:
        n = len(values)
        return Scores(
            n=n,
            success_at_3=sum(1 for r in values if r is not None and r <= 3) / n,
            mrr=sum(1 / r for r in values if r is not None) / n,
        )

    return (
        {kind: scores(values) for kind, values in per_kind.items()},
        scores([r for _, r in ranks]),
        ranks,
    )
