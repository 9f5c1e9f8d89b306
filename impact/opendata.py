"""The impact statistics as an open dataset (CSV, UTF-8 with BOM), listed in the catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from opendata.datasets import Dataset, Field

from .models import ImpactSnapshot
from .privacy import PUBLISHED_MEASURES

COUNT = _("Count, rounded to a multiple of 5; <10 when below the threshold, x when withheld.")


@dataclass(frozen=True)
class ImpactDataset(Dataset):
    def stats(self) -> tuple[int, datetime | None]:
        from .services import published

        current = published()
        if current.table is None:
            return 0, None
        return len(current.table.rows), current.snapshot.taken_at


def impact_rows(chunk_size: int = 0) -> Iterator[dict]:
    from .services import flat_rows, published

    current = published()
    if current.table is not None:
        yield from flat_rows(current.table)


IMPACT_DATASET = ImpactDataset(
    slug="impact-statistics",
    title=_("Impact statistics"),
    description=_(
        "Volunteers, pairings, contacts, organisations, projects and service points per city and "
        "county and per quarter, privacy-scrubbed: counts below 10 are shown as <10, cells that "
        "would let them be worked out are withheld (x), counts are rounded to 5, and closed "
        "quarters never change once published."
    ),
    fields=(
        Field("region_code", "string", _("Division code (NBS 2023); 350000 is all of Fujian.")),
        Field("region_name", "string", _("Name in Chinese.")),
        Field("region_name_en", "string", _("Name in English.")),
        Field(
            "region_level",
            "string",
            _(
                "province, city, city_proper (the city's own level, outside its counties) "
                "or county."
            ),
        ),
        Field("parent_code", "string", _("Code of the region it belongs to.")),
        Field("period", "string", _("Quarter (e.g. 2026Q3) or, for talks and visits, a year.")),
        Field(
            "volunteers_caring_parent",
            "string",
            format_lazy("{}{}", _("Approved caring parents at the end of the quarter. "), COUNT),
        ),
        Field(
            "volunteers_pairing",
            "string",
            format_lazy(
                "{}{}", _("Approved pairing volunteers at the end of the quarter. "), COUNT
            ),
        ),
        Field(
            "pairings_active",
            "string",
            format_lazy("{}{}", _("Active pairings at the end of the quarter. "), COUNT),
        ),
        Field(
            "cadence_share_percent",
            "string",
            _(
                "Share of active pairings with no contact overdue at the quarter's end, in "
                "steps of 10 %; x when withheld (fewer than 10 pairings meet the cadence or "
                "fewer than 10 miss it); empty when the region has no active pairings and on "
                "year rows."
            ),
        ),
        Field("talks", "string", format_lazy("{}{}", _("Talks logged in the period. "), COUNT)),
        Field(
            "home_visits",
            "string",
            format_lazy("{}{}", _("Home visits logged in the period. "), COUNT),
        ),
        Field(
            "organizations",
            "string",
            format_lazy("{}{}", _("Public organisations serving the region. "), COUNT),
        ),
        Field(
            "projects",
            "string",
            format_lazy("{}{}", _("Public projects running in the region. "), COUNT),
        ),
        Field(
            "service_points_city",
            "string",
            format_lazy("{}{}", _("Regional child-welfare institutions. "), COUNT),
        ),
        Field(
            "service_points_county",
            "string",
            format_lazy("{}{}", _("Minors-protection and guidance centres. "), COUNT),
        ),
        Field(
            "service_points_township",
            "string",
            format_lazy("{}{}", _("Children's care stations. "), COUNT),
        ),
        Field(
            "service_points_village", "string", format_lazy("{}{}", _("Children's homes. "), COUNT)
        ),
    ),
    formats=("csv",),
    queryset=lambda: ImpactSnapshot.objects.all(),
    rows=impact_rows,
)


BELOW_THRESHOLD_MARK = "<10"
SUPPRESSION = {BELOW_THRESHOLD_MARK: "below_threshold", "x": "withheld"}
PERCENT_MEASURES = {"cadence_share_percent"}


def _period_type(period: str) -> str:
    return "quarter" if "Q" in period else "year"


def tidy_rows(chunk_size: int = 0) -> Iterator[dict]:
    """The same table, one row per region × period × measure: ``value`` is a number or empty,
    and ``suppression`` says why it is empty, so spreadsheets and tools type the value as a
    number."""
    for row in impact_rows():
        base = {key: row[key] for key in ("region_code", "region_name", "region_level")}
        for measure in PUBLISHED_MEASURES:
            value = row.get(measure)
            if value is None:
                continue  # a measure the period does not carry (talks are counted by year)
            suppressed = SUPPRESSION.get(value) if isinstance(value, str) else None
            yield {
                **base,
                "period": row["period"],
                "period_type": _period_type(row["period"]),
                "measure": measure,
                "value": None if suppressed else value,
                "suppression": suppressed,
                "unit": "percent" if measure in PERCENT_MEASURES else "count",
            }


@dataclass(frozen=True)
class TidyImpactDataset(ImpactDataset):
    def stats(self) -> tuple[int, datetime | None]:
        # One record per published value: count them (a few thousand at most).
        _rows, modified = super().stats()
        return sum(1 for _ in tidy_rows()), modified


IMPACT_TIDY_DATASET = TidyImpactDataset(
    slug="impact-measures",
    title=_("Impact statistics (one value per row)"),
    description=_(
        "The impact statistics in tidy form: one row per region, period and measure, with a "
        "numeric value column and a separate suppression column (below_threshold or withheld) "
        "where the value is not published."
    ),
    fields=(
        Field("region_code", "string", _("Division code (NBS 2023); 350000 is all of Fujian.")),
        Field("region_name", "string", _("Name in Chinese.")),
        Field("region_level", "string", _("province, city, city_proper or county.")),
        Field("period", "string", _("Quarter (e.g. 2026Q3) or year (e.g. 2026).")),
        Field("period_type", "string", _("quarter or year.")),
        Field("measure", "string", _("Which measure (a column of the wide table).")),
        Field(
            "value",
            "number",
            _("The value: counts rounded to 5, percentages in steps of 10; empty when suppressed."),
        ),
        Field(
            "suppression",
            "string",
            _("Empty when published; below_threshold (1 to 9) or withheld (could reveal one)."),
        ),
        Field("unit", "string", _("count or percent.")),
    ),
    formats=("csv",),
    queryset=lambda: ImpactSnapshot.objects.all(),
    rows=tidy_rows,
)
