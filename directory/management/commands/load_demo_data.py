from django.core.management.base import BaseCommand, CommandError

from directory.demo import generate_demo_network
from directory.models import Division


class Command(BaseCommand):
    help = (
        "Create or refresh clearly-labelled demo service points over the loaded divisions: "
        "one per city, county and township, and a village children's home per county."
    )

    def handle(self, *args, **options):
        if not Division.objects.exists():
            raise CommandError("No divisions are loaded: run `manage.py load_divisions` first.")
        result = generate_demo_network()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo service points: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
