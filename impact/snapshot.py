"""Taking snapshots: count each newly closed quarter once and freeze it."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import quarters
from .models import ImpactSnapshot
from .sources import Geography, quarter_counts

# How many closed quarters the first snapshot counts back.
FIRST_WINDOW = 8


def latest() -> ImpactSnapshot | None:
    return ImpactSnapshot.objects.order_by("-through_quarter", "-taken_at").first()


def take_snapshot(today: datetime.date | None = None) -> tuple[ImpactSnapshot, bool]:
    """(snapshot, created). Does nothing when the latest closed quarter is already counted, so
    it is safe to run from cron as often as you like (two runs at once: the unique quarter
    lets only one of them store a snapshot)."""
    today = today or timezone.localdate()
    through = quarters.last_closed(today)
    previous = latest()
    if previous is not None and previous.through_quarter >= through:
        return previous, False
    frozen: dict = dict(previous.data.get("quarters", {})) if previous else {}
    wanted = quarters.closed_window(today, FIRST_WINDOW)
    if frozen:
        # Fill every quarter since the last one counted, however long cron was off.
        last_frozen = max(frozen)
        wanted = [q for q in wanted if q > last_frozen]
        gap = quarters.previous(wanted[0]) if wanted else None
        while gap and gap > last_frozen:
            wanted.insert(0, gap)
            gap = quarters.previous(gap)
    geo = Geography()
    for quarter in wanted:
        first, last = quarters.bounds(quarter)
        frozen[quarter] = quarter_counts(first, last, geo)
    try:
        with transaction.atomic():
            snapshot = ImpactSnapshot.objects.create(
                through_quarter=through, data={"quarters": frozen}
            )
    except IntegrityError:
        return ImpactSnapshot.objects.get(through_quarter=through), False
    return snapshot, True
