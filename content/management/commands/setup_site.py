from django.core.management.base import BaseCommand

from content.site_setup import ensure_site


class Command(BaseCommand):
    help = "Create the home page (Chinese and English) and fixed sections if they are missing."

    def handle(self, *args, **options):
        home = ensure_site()
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page {home.title!r}."))
