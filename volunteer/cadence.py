"""Cadence: when a pairing's next contact of a type is due, by calendar month or quarter.

The rule is "at least one contact of this type in every calendar period". The next contact is
due by the end of the period after the one holding the latest contact of that type (or the
pairing's start, before any contact). So a talk on 10 January is followed by one due by the
last day of February (28 or 29: calendar arithmetic, never "30 days"), and a home visit on
15 November by one due on 31 March. A contact logged late clears the overdue state at once.
Pure date arithmetic here; the queries are in ``volunteer.pairing``.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from volunteer.models import CadencePeriod, ContactType

MONTHS = {CadencePeriod.MONTH: 1, CadencePeriod.QUARTER: 3}


def period_start(day: datetime.date, period: str) -> datetime.date:
    """First day of the calendar month or quarter holding ``day``."""
    if period == CadencePeriod.QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def period_end(day: datetime.date, period: str) -> datetime.date:
    """Last day of the calendar month or quarter holding ``day``."""
    start = period_start(day, period)
    return add_months(start, MONTHS[CadencePeriod(period)]) - datetime.timedelta(days=1)


def next_due(anchor: datetime.date, period: str) -> datetime.date:
    """The last day of the period after the one holding ``anchor`` (latest contact or start)."""
    following = add_months(period_start(anchor, period), MONTHS[CadencePeriod(period)])
    return period_end(following, period)


@dataclass(frozen=True)
class Due:
    """Where one pairing stands on one rule on a given day."""

    contact_type: str
    period: str
    last_contact: datetime.date | None
    due_on: datetime.date
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def contact_type_label(self) -> str:
        return ContactType(self.contact_type).label

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days


def evaluate(
    started_on: datetime.date,
    last_contact: datetime.date | None,
    contact_type: str,
    period: str,
    today: datetime.date,
) -> Due:
    anchor = max(d for d in (started_on, last_contact) if d is not None)
    return Due(contact_type, period, last_contact, next_due(anchor, period), today)
