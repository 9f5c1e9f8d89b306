"""Archive published project listings whose end date has passed (idempotent, for cron)."""

from django.core.management.base import BaseCommand

from organizations import services


class Command(BaseCommand):
    help = "Archive published project listings whose end date has passed."

    def handle(self, *args, **options):
        count = services.archive_ended_listings()
        self.stdout.write(f"{count} listing(s) archived.")
