import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Demo setup only: create the `admin` superuser with a random password and print it "
        "once. Does nothing when a superuser already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError("The demo superuser is only made with DEBUG on (make run).")
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Wagtail admin: http://127.0.0.1:{port}/admin/ (sign in with the superuser "
                "made on the first run; `python manage.py changepassword admin` resets it)."
            )
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wagtail admin: http://127.0.0.1:{port}/admin/\n"
                f"  user: admin\n  password: {password}\n"
                "  (shown only this once: note it down)\n"
                "  Staff must use an authenticator app: the first visit to /admin/ asks you to\n"
                "  scan a QR code (TOTP) before anything else."
            )
        )
