from django.core.management.base import BaseCommand

from volunteer.services import expire_approvals


class Command(BaseCommand):
    help = "Mark approvals past their expiry as re-check due (idempotent; run daily from cron)."

    def handle(self, *args, **options):
        count = expire_approvals()
        self.stdout.write(f"{count} approval(s) now due for re-check.")
