from django.core.management.base import BaseCommand

from directory.demo import remove_demo_network


class Command(BaseCommand):
    help = "Delete every demo service point. Real records are never touched."

    def handle(self, *args, **options):
        deleted = remove_demo_network()
        self.stdout.write(self.style.SUCCESS(f"Removed {deleted} demo record(s)."))
