"""Counts for the impact statistics: the only volunteer data other apps may read.

Every function returns plain counts keyed by county id, never a person or a case; the impact
app suppresses and rounds them before anything is published.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from volunteer import pairing as pairing_services
from volunteer.models import Application, Contact, Pairing, Status


def _end_of_day(day: datetime.date) -> datetime.datetime:
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)


def _approved_on(day: datetime.date) -> Q:
    """Applications whose approval was in force at the end of ``day`` (status kept since)."""
    moment = _end_of_day(day)
    return Q(
        status__in=[Status.APPROVED, Status.RECHECK_DUE],
        approved_at__lt=moment,
        expires_at__gte=moment,
    )


def approved_volunteers(day: datetime.date) -> dict[tuple[int, str], int]:
    """{(county id, role): volunteers approved at the end of ``day``}."""
    rows = (
        Application.objects.filter(_approved_on(day))
        .order_by()
        .values_list("county_id", "role")
        .annotate(n=Count("pk"))
    )
    return {(county, role): n for county, role, n in rows}


def _active_pairings(day: datetime.date):
    approved = Application.objects.filter(_approved_on(day)).values("pk")
    return Pairing.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day),
        started_on__lte=day,
        application__in=approved,
    ).select_related("application")


def active_pairings(day: datetime.date) -> dict[int, int]:
    """{county id: pairings open at the end of ``day`` with an approved volunteer}."""
    rows = _active_pairings(day).order_by().values_list("county_id").annotate(n=Count("pk"))
    return dict(rows)


def contacts_logged(first: datetime.date, last: datetime.date) -> dict[tuple[int, str], int]:
    """{(county id, contact type): contacts that took place between the two days inclusive}."""
    rows = (
        Contact.objects.filter(occurred_on__gte=first, occurred_on__lte=last)
        .order_by()
        .values_list("pairing__county_id", "contact_type")
        .annotate(n=Count("pk"))
    )
    return {(county, kind): n for county, kind, n in rows}


def pairings_meeting_cadence(day: datetime.date) -> dict[int, int]:
    """{county id: active pairings with no contact overdue at the end of ``day``}."""
    meeting: Counter = Counter()
    pairings = list(_active_pairings(day))
    last = pairing_services.last_contacts(pairings, day)
    rules: dict[int, dict[str, str]] = {}
    for pairing in pairings:
        if pairing.county_id not in rules:
            rules[pairing.county_id] = pairing_services.rules_for(pairing.county_id)
        dues = pairing_services.standing(
            pairing, day, rules[pairing.county_id], last.get(pairing.pk, {})
        )
        if not any(due.overdue for due in dues):
            meeting[pairing.county_id] += 1
    return dict(meeting)
