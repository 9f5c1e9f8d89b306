from django.core.management.base import BaseCommand, CommandError

from demo import world


class Command(BaseCommand):
    help = (
        "Create or complete the demo world: demo service points over the loaded divisions, "
        "organisations and projects, stories and news, synthetic volunteer activity and the "
        "impact snapshot taken from it. Every record is flagged demo and marked （演示）. "
        "Refused under production settings unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even where DEMO_DATA_ALLOWED is False (production settings).",
        )

    def handle(self, *args, allow_production=False, **options):
        try:
            result = world.load(allow_production=allow_production)
        except world.DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world: {result.points_created} service points, "
                f"{result.organizations} organisations, {result.projects} projects, "
                f"{result.articles} stories and news pages, {result.applications} volunteer "
                f"applications, {result.pairings} pairings, {result.contacts} contacts created; "
                f"impact snapshot through {result.snapshot_quarter}."
            )
        )
