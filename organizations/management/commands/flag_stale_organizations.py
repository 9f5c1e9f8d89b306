"""Record organisations whose verification is a year old, reindex them and tell their members.

Safe to run from cron as often as you like: each verification runs out once. Stale organisations
are already out of pages, the API and open data without it (the rule is computed on read); this
command takes them out of the search index and notifies them.
"""

from django.core.management.base import BaseCommand

from organizations import services


class Command(BaseCommand):
    help = "Flag organisations not re-verified for a year (idempotent, for a daily cron job)."

    def handle(self, *args, **options):
        flagged = services.flag_stale_organizations()
        self.stdout.write(f"{len(flagged)} organisation(s) flagged stale.")
