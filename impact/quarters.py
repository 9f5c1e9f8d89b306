"""Calendar quarters, labelled like 2026Q3."""

from __future__ import annotations

import datetime
import re

LABEL = re.compile(r"^(?P<year>\d{4})Q(?P<quarter>[1-4])$")


def label(day: datetime.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
    match = LABEL.match(quarter)
    if not match:
        raise ValueError(quarter)
    year, number = int(match["year"]), int(match["quarter"])
    first = datetime.date(year, 3 * number - 2, 1)
    following = datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return first, following - datetime.timedelta(days=1)


def previous(quarter: str) -> str:
    first, _ = bounds(quarter)
    return label(first - datetime.timedelta(days=1))


def last_closed(today: datetime.date) -> str:
    """The latest quarter that ended before ``today``."""
    return previous(label(today))


def closed_window(today: datetime.date, count: int) -> list[str]:
    """The ``count`` latest closed quarters, oldest first."""
    result = [last_closed(today)]
    while len(result) < count:
        result.insert(0, previous(result[0]))
    return result


def following(quarter: str) -> str:
    _first, last = bounds(quarter)
    return label(last + datetime.timedelta(days=1))


def next_update(through: str) -> tuple[str, datetime.date]:
    """(the quarter the next snapshot adds, the first day it can be taken): snapshots count a
    quarter only once it has closed, so the day after its last day."""
    upcoming = following(through)
    return upcoming, bounds(upcoming)[1] + datetime.timedelta(days=1)
