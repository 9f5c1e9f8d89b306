"""The demo world: everything ``make run`` shows a first-time visitor, and removes again.

Each app makes its own demo records through its own module (``directory.demo`` the network,
``directory.demo_listings`` organisations and projects, ``content.demo`` stories and news,
``volunteer.demo`` volunteer activity); this module only runs them in order, takes the impact
snapshot of the past quarters from the result, and undoes all of it.

How each kind of record is flagged as demo (and marked "（演示）" once):

| record | flag |
|---|---|
| points, plaques, organisations, projects | ``is_demo=True``, ``external_id`` ``demo-…`` |
| stories, news | slug ``demo-…``; illustrations in the "演示" image collection |
| volunteer accounts | username ``demo-volunteer-…``; their applications, pairings, contacts |
| impact snapshots | ``data["demo"] is True`` (counted while the demo was loaded) |
| directory change history | ``source="demo"`` |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from content.demo import generate_demo_articles, remove_demo_articles
from directory.changes import acting_as
from directory.demo import generate_demo_network, remove_demo_network
from directory.demo_listings import generate_demo_listings, remove_demo_listings
from directory.models import DirectoryChange, Division
from impact.models import ImpactSnapshot
from impact.snapshot import take_snapshot
from volunteer.demo import generate_demo_volunteers, remove_demo_volunteers

SOURCE = "demo"


class DemoRefused(Exception):
    """The demo was asked for where settings forbid it (production) or cannot be built yet."""


@dataclass
class LoadResult:
    points_created: int
    organizations: int
    projects: int
    articles: int
    applications: int
    pairings: int
    contacts: int
    snapshot_quarter: str


def check_allowed(allow_production: bool = False) -> None:
    if not settings.DEMO_DATA_ALLOWED and not allow_production:
        raise DemoRefused(
            "These settings do not allow demo data (DEMO_DATA_ALLOWED is False, as in "
            "production). Pass --allow-production to load it anyway."
        )


def load(today: datetime.date | None = None, allow_production: bool = False) -> LoadResult:
    """Create what is missing of the demo world; safe to run again (nothing is duplicated)."""
    check_allowed(allow_production)
    if not Division.objects.exists():
        raise DemoRefused("No divisions are loaded: run `manage.py load_divisions` first.")
    today = today or timezone.localdate()
    with transaction.atomic(), acting_as(None, SOURCE):
        network = generate_demo_network()
        organizations, projects = generate_demo_listings(today)
        articles = generate_demo_articles(today)
        volunteers = generate_demo_volunteers(today)
    quarter = _retake_snapshot(today, changed=bool(volunteers.applications or projects))
    return LoadResult(
        points_created=network.created,
        organizations=organizations,
        projects=projects,
        articles=articles,
        applications=volunteers.applications,
        pairings=volunteers.pairings,
        contacts=volunteers.contacts,
        snapshot_quarter=quarter,
    )


@transaction.atomic
def _retake_snapshot(today: datetime.date, changed: bool) -> str:
    """Snapshots freeze their quarters, so one taken before the demo existed would show zeros
    for ever: when the demo adds activity, the snapshots are taken again and flagged demo."""
    if changed or not ImpactSnapshot.objects.filter(data__demo=True).exists():
        ImpactSnapshot.objects.all().delete()
    snapshot, created = take_snapshot(today)
    if created:
        snapshot.data["demo"] = True
        snapshot.save(update_fields=["data"])
    return snapshot.through_quarter


def remove() -> int:
    """Delete every demo record and what was derived from it; real records stay. Returns the
    number of rows deleted."""
    with transaction.atomic(), acting_as(None, SOURCE):
        deleted = remove_demo_volunteers()
        deleted += remove_demo_articles()
        deleted += remove_demo_listings()
        deleted += remove_demo_network()
        snapshots, _ = ImpactSnapshot.objects.filter(data__demo=True).delete()
        # The history rows of the demo (and of its removal) describe nothing real.
        changes, _ = DirectoryChange.objects.filter(source=SOURCE).delete()
    return deleted + snapshots + changes
