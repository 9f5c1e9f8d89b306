"""The privacy rules of the impact statistics, in one place: every published number passes here.

1. Threshold: a count from 1 to ``IMPACT_SUPPRESSION_THRESHOLD - 1`` is published as "<10"
   (for the default threshold), never as its value. Zero is published: it counts nobody.
2. Complementary suppression: wherever published cells add up to a published total - the
   counties (and the city's own row) of a city, the cities of the province, and the four
   quarters of a year for counts over time - a group never has exactly one withheld cell. If it
   has, the smallest other non-zero cell is withheld too ("x"), or the total when no other cell
   is left; repeated until every group is safe, so "total minus the visible cells" always
   leaves at least two unknowns, one of them at least the threshold.
3. Rounding: every published count is rounded to a multiple of ``IMPACT_ROUNDING_BASE``
   (default 5), totals independently of their parts, so sums do not even add up exactly.
4. Nothing finer than a county: the sources fold townships into counties before this point.
5. A share (pairings meeting the cadence) is published rounded to 10 percentage points and
   only when the pairings it is a share of are published and neither those meeting nor those
   not meeting the cadence are a small count.
6. Everything is computed from a stored snapshot whose closed quarters never change
   (impact.snapshot), so two downloads cannot be subtracted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from .sources import ADDITIVE, FLOWS, NON_ADDITIVE, Region

SHOWN = "shown"
SMALL = "small"  # below the threshold
WITHHELD = "withheld"  # complementary suppression
WITHHELD_MARK = "x"
SHARE_STEP = 10

Key = tuple[str, str, str]  # (region key, period, measure)


def threshold() -> int:
    return settings.IMPACT_SUPPRESSION_THRESHOLD


def rounding_base() -> int:
    return settings.IMPACT_ROUNDING_BASE


def small_mark(limit: int | None = None) -> str:
    return f"<{limit or threshold()}"


def round_count(value: int, base: int) -> int:
    """Half up to a multiple of ``base``; a count at or above the threshold stays above zero."""
    if base <= 1:
        return value
    return (value + base // 2) // base * base


def suppress(
    raw: dict[Key, int], groups: Iterable[tuple[Key, list[Key]]], limit: int
) -> dict[Key, str]:
    """The state of every cell: shown, small (primary) or withheld (complementary)."""
    state = {key: SMALL if 0 < value < limit else SHOWN for key, value in raw.items()}
    groups = [(total, members) for total, members in groups if total in raw]
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            cells = [total, *members]
            hidden = [c for c in cells if state.get(c, SHOWN) != SHOWN]
            if len(hidden) != 1:
                continue
            candidates = sorted(
                (raw.get(m, 0), m)
                for m in members
                if state.get(m, SHOWN) == SHOWN and raw.get(m, 0) > 0
            )
            if candidates:
                chosen = candidates[0][1]
            elif state[total] == SHOWN and raw[total] > 0:
                chosen = total
            else:
                continue
            state[chosen] = WITHHELD
            changed = True
    return state


def public_value(value: int, state: str, limit: int, base: int) -> int | str:
    if state == SMALL:
        return small_mark(limit)
    if state == WITHHELD:
        return WITHHELD_MARK
    return round_count(value, base)


def share(meeting: int, pairings: int, pairings_state: str, limit: int) -> int | str | None:
    """Percentage of pairings meeting the cadence, or "x" when it could reveal a small count."""
    if pairings == 0:
        return None
    not_meeting = pairings - meeting
    if pairings_state != SHOWN or 0 < meeting < limit or 0 < not_meeting < limit:
        return WITHHELD_MARK
    return round(100 * meeting / pairings / SHARE_STEP) * SHARE_STEP


# --- the table ----------------------------------------------------------------------------

PUBLISHED_MEASURES = (
    "volunteers_caring_parent",
    "volunteers_pairing",
    "pairings_active",
    "cadence_share_percent",
    "talks",
    "home_visits",
    "organizations",
    "projects",
    "service_points_city",
    "service_points_county",
    "service_points_township",
    "service_points_village",
)
COUNTS = tuple(m for m in ADDITIVE if m != "pairings_meeting_cadence") + NON_ADDITIVE


def region_key(region: Region) -> str:
    return f"{region.level}:{region.code}"


@dataclass
class Row:
    region: Region
    period: str
    values: dict[str, int | str | None]


@dataclass
class Table:
    periods: list[str]
    quarters: list[str]
    rows: list[Row]
    threshold: int
    rounding: int

    def row(self, region_code: str, level: str, period: str) -> Row | None:
        for row in self.rows:
            if (
                row.region.code == region_code
                and row.region.level == level
                and row.period == period
            ):
                return row
        return None


def raw_table(data: dict, regions: list[Region]) -> tuple[dict[Key, int], list, list[str]]:
    """Unsuppressed cells for every region, quarter and (for flows) complete year, and the
    groups of cells that add up to a total."""
    quarters_data: dict = data.get("quarters", {})
    quarters = sorted(quarters_data)
    cities = [r for r in regions if r.level == "city"]
    counties_of = {
        c.code: [r for r in regions if r.level == "county" and r.parent == c.code] for c in cities
    }
    raw: dict[Key, int] = {}
    groups: list[tuple[Key, list[Key]]] = []

    def key(region: Region, period: str, measure: str) -> Key:
        return (region_key(region), period, measure)

    province = next(r for r in regions if r.level == "province")
    for quarter in quarters:
        q = quarters_data[quarter]
        for measure in ADDITIVE:
            city_totals = 0
            for city in cities:
                proper = Region(city.code, "", "", "city_proper", city.code)
                value = q["city_proper"].get(city.code, {}).get(measure, 0)
                raw[key(proper, quarter, measure)] = value
                total = value
                for county in counties_of[city.code]:
                    n = q["counties"].get(county.code, {}).get(measure, 0)
                    raw[key(county, quarter, measure)] = n
                    total += n
                raw[key(city, quarter, measure)] = total
                city_totals += total
                groups.append(
                    (
                        key(city, quarter, measure),
                        [key(c, quarter, measure) for c in counties_of[city.code]]
                        + [key(proper, quarter, measure)],
                    )
                )
            raw[key(province, quarter, measure)] = city_totals
            groups.append(
                (key(province, quarter, measure), [key(c, quarter, measure) for c in cities])
            )
        for measure in NON_ADDITIVE:
            raw[key(province, quarter, measure)] = q["province"].get(measure, 0)
            for city in cities:
                raw[key(city, quarter, measure)] = q["cities"].get(city.code, {}).get(measure, 0)
                for county in counties_of[city.code]:
                    raw[key(county, quarter, measure)] = (
                        q["counties"].get(county.code, {}).get(measure, 0)
                    )

    years = sorted(
        {q[:4] for q in quarters if all(f"{q[:4]}Q{n}" in quarters_data for n in range(1, 5))}
    )
    for year in years:
        parts = [f"{year}Q{n}" for n in range(1, 5)]
        for measure in FLOWS:
            for region in regions:
                rk = region_key(region)
                if (rk, parts[0], measure) not in raw:
                    continue
                raw[(rk, year, measure)] = sum(raw[(rk, p, measure)] for p in parts)
                groups.append(((rk, year, measure), [(rk, p, measure) for p in parts]))
            # The year's regions add up as the quarters' do.
            for city in cities:
                proper = Region(city.code, "", "", "city_proper", city.code)
                groups.append(
                    (
                        key(city, year, measure),
                        [key(c, year, measure) for c in counties_of[city.code]]
                        + [key(proper, year, measure)],
                    )
                )
            groups.append((key(province, year, measure), [key(c, year, measure) for c in cities]))
    return raw, groups, quarters + years


def publish(
    data: dict, regions: list[Region], limit: int | None = None, base: int | None = None
) -> Table:
    """The scrubbed table: the only form in which the statistics leave the portal."""
    limit = limit if limit is not None else threshold()
    base = base if base is not None else rounding_base()
    raw, groups, periods = raw_table(data, regions)
    state = suppress(raw, groups, limit)
    quarters = [p for p in periods if "Q" in p]
    rows = []
    for period in periods:
        for region in regions:
            rk = region_key(region)
            values: dict[str, int | str | None] = {}
            present = False
            for measure in PUBLISHED_MEASURES:
                if measure == "cadence_share_percent":
                    k = (rk, period, "pairings_active")
                    if k in raw:
                        values[measure] = share(
                            raw.get((rk, period, "pairings_meeting_cadence"), 0),
                            raw[k],
                            state[k],
                            limit,
                        )
                    else:
                        values[measure] = None
                    continue
                k = (rk, period, measure)
                if k in raw:
                    values[measure] = public_value(raw[k], state[k], limit, base)
                    present = True
                else:
                    values[measure] = None
            if not present:
                continue
            if region.level == "city_proper" and not any(
                raw.get((rk, p, m), 0) for p in periods for m in ADDITIVE
            ):
                continue  # a city with nothing of its own: no row (its zeros are implied)
            rows.append(Row(region, period, values))
    return Table(periods, quarters, rows, limit, base)
