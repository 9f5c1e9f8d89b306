"""Count the quarters closed since the last snapshot and store them, frozen (cron-safe)."""

import datetime

from django.core.management.base import BaseCommand

from impact.snapshot import take_snapshot


class Command(BaseCommand):
    help = "Store a snapshot of the impact counts of every newly closed quarter (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        snapshot, created = take_snapshot(today)
        if created:
            self.stdout.write(f"snapshot taken through {snapshot.through_quarter}")
        else:
            self.stdout.write(f"up to date: latest snapshot is through {snapshot.through_quarter}")
