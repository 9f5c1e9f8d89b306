"""Set up (or bring up to date) a production installation in one idempotent command."""

from __future__ import annotations

import getpass
import os
import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.settings.environment import env

# compilemessages walks the working folder: a virtualenv's hundreds of catalogues (33 s) and
# the var/ folder are not ours to compile.
COMPILEMESSAGES_IGNORE = [".venv", ".venv/*", "venv", "venv/*", "node_modules", "var"]


class Command(BaseCommand):
    help = (
        "Production setup, safe to run again after every deployment: migrate, cache table, "
        "collectstatic, compilemessages, divisions, site pages, search index, first impact "
        "snapshot and the first admin (from BOOTSTRAP_ADMIN_* or asked). Demo data only with "
        "--demo. Refuses to run on non-production settings unless --allow-non-production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also load the clearly-labelled demo service points (never on a real site).",
        )
        parser.add_argument(
            "--allow-non-production",
            action="store_true",
            help="Run on settings other than portal.settings.production (a test installation).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never ask for the first admin's name or password.",
        )

    def handle(self, *args, demo, allow_non_production, interactive, **options):
        # (None when a test overrides settings: the environment still names the module.)
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if not module.endswith(".production") and not allow_non_production:
            raise CommandError(
                f"bootstrap sets up production, but the settings are {module}. Copy "
                "docs/env.example to .env in the project folder and fill it in (its first "
                "line is DJANGO_SETTINGS_MODULE=portal.settings.production), or pass "
                "--allow-non-production for a test installation."
            )
        verbosity = options["verbosity"]
        quiet = {"verbosity": max(verbosity - 1, 0)}

        self.step("migrate")
        call_command("migrate", interactive=False, **quiet)
        self.step("cache table")  # used when REDIS_URL is empty; a no-op otherwise
        call_command("createcachetable", **quiet)
        if settings.STATIC_ROOT:
            self.step("collectstatic")
            call_command("collectstatic", interactive=False, **quiet)
        else:
            self.step("collectstatic skipped: STATIC_ROOT is not set")
        self.step("compilemessages")
        call_command("compilemessages", ignore_patterns=COMPILEMESSAGES_IGNORE, **quiet)
        self.step("divisions")
        call_command("load_divisions", **quiet)
        self.step("site pages")
        call_command("setup_site", **quiet)
        self.point_site_at_base_url()
        if demo:
            # After the site: the demo stories are pages under its home page. --demo is the
            # operator's explicit request, which production settings otherwise refuse.
            self.step("demo data")
            call_command("load_demo_data", allow_production=True, **quiet)
        self.step("search index")
        call_command("update_index", **quiet)
        call_command("search_rebuild", **quiet)
        self.step("impact snapshot")
        call_command("snapshot_impact", **quiet)
        self.step("first admin")
        self.ensure_admin(interactive and sys.stdin.isatty())
        self.stdout.write(self.style.SUCCESS(f"Bootstrap done: {settings.SITE_BASE_URL}/admin/"))

    def step(self, name: str) -> None:
        self.stdout.write(f"== {name}")

    def point_site_at_base_url(self) -> None:
        """Wagtail's default site answers for SITE_BASE_URL, so its page URLs carry that host."""
        from wagtail.models import Site

        parts = urlsplit(settings.SITE_BASE_URL)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=port)

    def ensure_admin(self, can_ask: bool) -> None:
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("An admin exists already; none was created.")
            return
        username = env("BOOTSTRAP_ADMIN_USERNAME").strip()
        email = env("BOOTSTRAP_ADMIN_EMAIL").strip()
        password = env("BOOTSTRAP_ADMIN_PASSWORD")
        if can_ask:
            username = username or input("First admin's user name: ").strip()
            email = email or input("First admin's e-mail address (may be empty): ").strip()
            while not password:
                first = getpass.getpass("Password: ")
                if first == getpass.getpass("Password (again): "):
                    password = first
                else:
                    self.stderr.write("The two passwords differ.")
        if not (username and password):
            self.stdout.write(
                self.style.WARNING(
                    "No admin was created: set BOOTSTRAP_ADMIN_USERNAME and "
                    "BOOTSTRAP_ADMIN_PASSWORD, run bootstrap in a terminal, or run "
                    "`manage.py createsuperuser`."
                )
            )
            return
        user = get_user_model()(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                "BOOTSTRAP_ADMIN_PASSWORD is not accepted: " + " ".join(error.messages)
            ) from error
        with transaction.atomic():
            users.create_superuser(username, email=email, password=password)
        self.stdout.write(
            f"Admin {username!r} created. At the first visit to /admin/ the portal asks for an "
            "authenticator app (TOTP)."
        )
