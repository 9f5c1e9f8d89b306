"""/impact/: the scrubbed statistics as tables and charts (zh-Hans at /impact/, English under
/en/impact/). Every number on the page comes from impact.services.published()."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from . import charts, quarters, services
from .forms import ChartForm
from .labels import MEASURE_LABELS

DEFAULT_MEASURE = "pairings_active"
QUARTERS_SHOWN = 8


def display(value, measure: str) -> str:
    """A published value as the page shows it: the number, <10, x, or a dash when none."""
    if value is None:
        return "—"
    if isinstance(value, int) and measure == "cadence_share_percent":
        return f"{value}%"
    return str(value)


def display_cells(values: dict) -> list[str]:
    return [display(values.get(measure), measure) for measure in MEASURE_LABELS]


def schedule_context(snapshot) -> dict:
    """When the figures were counted, which quarter they reach, and when the next come."""
    through = snapshot.through_quarter if snapshot else quarters.last_closed(timezone.localdate())
    covered_first, covered_last = quarters.bounds(through)
    upcoming, next_on = quarters.next_update(through)
    if snapshot is None:
        # Nothing counted yet: the first snapshot can count the quarter that closed last.
        upcoming, next_on = through, timezone.localdate()
    return {
        "covered_quarter": through,
        "covered_first": covered_first,
        "covered_last": covered_last,
        "next_quarter": upcoming,
        "next_update_on": next_on,
    }


def impact_page(request):
    current = services.published()
    table = current.table
    language = get_language() or "zh-hans"
    context = {"snapshot": current.snapshot, "table": table, "labels": MEASURE_LABELS}
    context.update(schedule_context(current.snapshot))
    if table is None or not table.quarters:
        return render(request, "impact/impact.html", context)
    quarters = table.quarters[-QUARTERS_SHOWN:]
    cities = [r.region for r in table.rows if r.region.level == "city" and r.period == quarters[-1]]
    initial = {"measure": DEFAULT_MEASURE, "period": quarters[-1], "region": "350000"}
    form = ChartForm(
        request.GET or None, quarters=quarters, cities=cities, language=language, initial=initial
    )
    choice = dict(initial)
    if form.is_bound:
        form.is_valid()
        for name in choice:
            if name not in form.errors and form.cleaned_data.get(name):
                choice[name] = form.cleaned_data[name]
    measure, period = choice["measure"], choice["period"]
    level = "province" if choice["region"] == "350000" else "city"
    summary = [
        r
        for r in table.rows
        if r.period == period and r.region.level in ("province", "city", "city_proper")
    ]
    counties = [r for r in table.rows if r.period == period and r.region.level == "county"]
    trend = charts.trend(table, measure, choice["region"], level, quarters)
    context.update(
        form=form,
        measure=measure,
        measure_label=MEASURE_LABELS[measure],
        period=period,
        summary=[(r.region, display_cells(r.values)) for r in summary],
        counties=[(r.region, display(r.values.get(measure), measure)) for r in counties],
        measures=list(MEASURE_LABELS.items()),
        map=charts.county_map(table, measure, period, language),
        trend=trend,
        trend_region=next((c for c in cities if c.code == choice["region"]), None),
    )
    return render(request, "impact/impact.html", context)
