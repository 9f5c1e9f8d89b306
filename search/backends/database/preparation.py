"""A rebuild's text preparation, in worker processes while the database writes.

Preparing a document's text (segmentation, pinyin) is about 130 µs of Python a row, and writing
it is the database's own work (PostgreSQL computes the full-text vectors and fills two GIN
indexes: 250-350 µs a row at 700k rows). Done one after the other, a 700k rebuild took 364 s
on PostgreSQL; with the preparation in another process, the two overlap and the rebuild costs
about the writing alone. Below ``PARALLEL_FROM`` documents (every test, the demo network) a pool
costs more than it saves and the text is prepared in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from search.contract import SearchDocument

from .entries import entry_values

BATCH = 2000
PARALLEL_FROM = 20_000
# Batches handed to the workers and not yet written: bounds the memory a fast preparation can
# fill while the database is slower (a few MB a batch).
IN_FLIGHT_PER_WORKER = 2


def _prepare(documents: list[SearchDocument]) -> list[tuple]:
    return [entry_values(d) for d in documents]


def _batches(documents: Iterable[SearchDocument]) -> Iterator[list[SearchDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def workers() -> int:
    """Worker processes for a large rebuild: every core but the one that writes."""
    return max(1, (os.cpu_count() or 1) - 1)


def prepared_batches(documents: Iterable[SearchDocument]) -> Iterator[list[tuple]]:
    """The index rows of ``documents`` (``entry_values``), batch by batch, in order."""
    iterator = iter(documents)
    head = list(islice(iterator, PARALLEL_FROM))
    if len(head) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for batch in _batches(chain(head, iterator)):
            yield _prepare(batch)
        return
    # The segmenter and the place dictionary are loaded here, once, before the workers are
    # forked: each inherits them instead of loading its own (a second or more).
    first = _prepare(head[:1])
    # Fork: the workers share the loaded dictionaries and never touch the database (they only
    # prepare text); the parent writes every row in its own transaction.
    context = multiprocessing.get_context("fork")
    size = workers()
    with context.Pool(size) as pool:
        pending: deque = deque()
        batches = _batches(chain(head[1:], iterator))
        rows = first
        for batch in batches:
            pending.append(pool.apply_async(_prepare, (batch,)))
            if len(pending) >= size * IN_FLIGHT_PER_WORKER:
                rows += pending.popleft().get()
                yield rows
                rows = []
        if rows:
            yield rows
        while pending:
            yield pending.popleft().get()
