from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.expiry import expire_unverified_phone_accounts


class Command(BaseCommand):
    help = (
        "Delete accounts made by phone sign-up whose number was not verified within "
        "ACCOUNTS_UNVERIFIED_PHONE_DAYS and that hold nothing else; each deletion is audited "
        "(idempotent; run daily from cron)."
    )

    def handle(self, *args, **options):
        count = expire_unverified_phone_accounts()
        days = settings.ACCOUNTS_UNVERIFIED_PHONE_DAYS
        self.stdout.write(f"{count} unverified phone account(s) older than {days} days deleted.")
