"""Remind volunteers before a contact is due and reviewers once it is overdue.

Safe to run from cron as often as you like (e.g. daily): every reminder is recorded before it
is sent, under a unique constraint, and never sent twice.
"""

import datetime

from django.core.management.base import BaseCommand

from volunteer.pairing import send_reminders


class Command(BaseCommand):
    help = "E-mail volunteers before a contact is due and reviewers when it is overdue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        counts = send_reminders(today)
        self.stdout.write(
            f"reminders sent: {counts.volunteers} to volunteers, {counts.reviewers} to reviewers"
        )
