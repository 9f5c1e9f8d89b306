"""Opening hours of a service point: "open now" and the hours written out in Chinese or English.

Plain data in, plain data out, so the rules are testable without a database:

- weekly periods, several per day; a period whose closing time is not after its opening time
  runs past midnight and belongs to the day on which it starts;
- closures (inclusive date ranges) cancel the weekly periods that *start* on a closed day; a night
  period begun the evening before a closure runs to its end;
- dated sessions (holiday camps) open on every day of their range whatever the closures say,
  because staff schedule them on purpose, usually during the holidays.

All clock times are Beijing time (Asia/Shanghai, no daylight saving).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")

DAY_NAMES = {
    "zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
# How each language joins: days in a run, days in a list, periods of a day, groups of days.
JOINERS = {
    "zh": {"range": "至", "days": "、", "periods": "、", "groups": "；", "dash": "–"},
    "en": {"range": "–", "days": ", ", "periods": ", ", "groups": "; ", "dash": "–"},
}


@dataclass(frozen=True, order=True)
class Period:
    """One weekly period: ``weekday`` 0 is Monday."""

    weekday: int
    opens: time
    closes: time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class Closure:
    start: date
    end: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class DatedSession:
    start: date
    end: date
    opens: time
    closes: time
    title: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def _interval(day: date, opens: time, closes: time) -> tuple[datetime, datetime]:
    start = datetime.combine(day, opens)
    end = datetime.combine(day, closes)
    if end <= start:
        end += timedelta(days=1)
    return start, end


@dataclass
class Schedule:
    """A point's weekly periods, closures and dated sessions."""

    periods: list[Period] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    sessions: list[DatedSession] = field(default_factory=list)

    @classmethod
    def for_point(cls, point) -> Schedule:
        """The schedule of a ServicePoint (use prefetch_related on lists of points)."""
        return cls(
            periods=[Period(p.weekday, p.opens, p.closes) for p in point.opening_periods.all()],
            closures=[Closure(c.start_date, c.end_date, c.reason) for c in point.closures.all()],
            sessions=[
                DatedSession(s.start_date, s.end_date, s.opens, s.closes, s.title)
                for s in point.sessions.all()
            ],
        )

    @property
    def is_known(self) -> bool:
        """Whether any hours were entered: without them, "closed" would be a guess."""
        return bool(self.periods or self.sessions)

    def is_closed_on(self, day: date) -> bool:
        return any(closure.covers(day) for closure in self.closures)

    def intervals_starting_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """Naive Beijing-time intervals that begin on ``day``."""
        intervals = []
        if not self.is_closed_on(day):
            intervals += [
                _interval(day, p.opens, p.closes)
                for p in self.periods
                if p.weekday == day.weekday()
            ]
        intervals += [_interval(day, s.opens, s.closes) for s in self.sessions if s.covers(day)]
        return sorted(intervals)

    def is_open(self, at: datetime) -> bool:
        """Whether the point is open at the aware datetime ``at``."""
        local = at.astimezone(BEIJING).replace(tzinfo=None)
        # A night period that began yesterday may still be running.
        for day in (local.date() - timedelta(days=1), local.date()):
            if any(start <= local < end for start, end in self.intervals_starting_on(day)):
                return True
        return False

    def weekly_text(self, language: str = "zh") -> str:
        """The weekly hours in one line, e.g. ``周一至周五 8:30–17:30；周六 9:00–12:00``."""
        return render_weekly(self.periods, language)

    def upcoming_closures(self, today: date) -> list[Closure]:
        return [c for c in sorted(self.closures, key=lambda c: c.start) if c.end >= today]

    def upcoming_sessions(self, today: date) -> list[DatedSession]:
        return [s for s in sorted(self.sessions, key=lambda s: s.start) if s.end >= today]


def _lang(language: str | None) -> str:
    return "en" if language and language.startswith("en") else "zh"


def format_time(value: time) -> str:
    """``8:30``, ``17:05``: no leading zero on the hour, as Chinese notices write it."""
    return f"{value.hour}:{value.minute:02d}"


def format_span(opens: time, closes: time, language: str | None = "zh") -> str:
    lang = _lang(language)
    dash = JOINERS[lang]["dash"]
    if closes <= opens:
        if lang == "zh":
            return f"{format_time(opens)}{dash}次日{format_time(closes)}"
        return f"{format_time(opens)}{dash}{format_time(closes)} (next day)"
    return f"{format_time(opens)}{dash}{format_time(closes)}"


def _day_label(days: list[int], lang: str) -> str:
    """Consecutive runs of three or more days become ranges: 周一至周五, 周一、周三."""
    names, joiners = DAY_NAMES[lang], JOINERS[lang]
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}{joiners['range']}{names[run[-1]]}")
        else:
            parts.extend(names[d] for d in run)
    return joiners["days"].join(parts)


def render_weekly(periods: Iterable[Period], language: str | None = "zh") -> str:
    """Group the days that share the same periods and write each group once."""
    lang = _lang(language)
    joiners = JOINERS[lang]
    by_day: dict[int, tuple[tuple[time, time], ...]] = {}
    for period in sorted(periods):
        by_day[period.weekday] = by_day.get(period.weekday, ()) + ((period.opens, period.closes),)
    groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
    for day in sorted(by_day):
        groups.setdefault(by_day[day], []).append(day)
    # Groups in the order of their first day, so the week reads Monday first.
    lines = []
    for spans, days in sorted(groups.items(), key=lambda item: item[1][0]):
        text = joiners["periods"].join(format_span(o, c, lang) for o, c in spans)
        lines.append(f"{_day_label(days, lang)} {text}")
    return joiners["groups"].join(lines)


def format_date(value: date, language: str | None = "zh", with_year: bool = True) -> str:
    if _lang(language) == "zh":
        prefix = f"{value.year}年" if with_year else ""
        return f"{prefix}{value.month}月{value.day}日"
    return value.strftime("%-d %b %Y" if with_year else "%-d %b")


def format_date_range(start: date, end: date, language: str | None = "zh") -> str:
    lang = _lang(language)
    if start == end:
        return format_date(start, lang)
    new_year = end.year != start.year
    if lang == "zh":
        return f"{format_date(start, lang)}至{format_date(end, lang, with_year=new_year)}"
    return f"{format_date(start, lang, with_year=new_year)} – {format_date(end, lang)}"


_DAY_LOOKUP = {
    name.lower(): index for names in DAY_NAMES.values() for index, name in enumerate(names)
}
_DAY_LOOKUP.update({f"星期{c}": i for i, c in enumerate("一二三四五六日")})
_DAY_LOOKUP.update({"周天": 6, "星期天": 6})


class HoursSyntaxError(ValueError):
    """Opening hours text that ``parse_weekly`` cannot read; the message says which part."""


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"[、,，]", text):
        part = part.strip()
        bounds = re.split(r"\s*(?:至|到|[-–~～])\s*", part)
        try:
            indexes = [_DAY_LOOKUP[b.strip().lower()] for b in bounds if b.strip()]
        except KeyError as error:
            raise HoursSyntaxError(f"unknown day {error.args[0]!r}") from None
        if len(indexes) == 1:
            days.append(indexes[0])
        elif len(indexes) == 2 and indexes[0] <= indexes[1]:
            days.extend(range(indexes[0], indexes[1] + 1))
        else:
            raise HoursSyntaxError(f"cannot read the days {part!r}")
    return days


def _parse_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise HoursSyntaxError(f"cannot read the time {text.strip()!r}")
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(0, minute) if hour == 24 else time(hour, minute)


def parse_weekly(text: str) -> list[Period]:
    """Read hours written as ``render_weekly`` writes them, in Chinese or English.

    ``周一至周五 8:30–12:00、14:00–17:30；周六 9:00–12:00`` and
    ``Mon-Fri 08:30-17:30; Sat 20:00-8:00 (next day)`` both work; ``次日`` and "(next day)" are
    optional, as a closing time before the opening time already means the next day.
    """
    periods: list[Period] = []
    for group in re.split(r"[；;\n]", text):
        group = group.strip()
        if not group:
            continue
        match = re.match(r"(.+?)\s+(\d.*)$", group)
        if not match:
            raise HoursSyntaxError(f"expected days then times in {group!r}")
        days = _parse_days(match.group(1))
        for span in re.split(r"[、,，]", match.group(2)):
            span = span.replace("次日", "").replace("(next day)", "").strip()
            ends = re.split(r"\s*[-–~～至]\s*", span)
            if len(ends) != 2:
                raise HoursSyntaxError(f"cannot read the period {span!r}")
            opens, closes = _parse_time(ends[0]), _parse_time(ends[1])
            if opens == closes:
                raise HoursSyntaxError(f"the period {span!r} is empty")
            periods.extend(Period(day, opens, closes) for day in days)
    return sorted(set(periods))
