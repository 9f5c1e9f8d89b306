from django.core.management.base import BaseCommand

from demo import world


class Command(BaseCommand):
    help = (
        "Delete the whole demo world (points, organisations, projects, stories, news, "
        "illustrations, demo volunteers and the impact snapshots counted with them). Real "
        "records are never touched."
    )

    def handle(self, *args, **options):
        deleted = world.remove()
        self.stdout.write(self.style.SUCCESS(f"Removed {deleted} demo record(s)."))
