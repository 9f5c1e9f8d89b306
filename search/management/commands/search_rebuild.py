"""Rebuild the search index from every public record of every registered source."""

import time

from django.core.management.base import BaseCommand

from search import service


class Command(BaseCommand):
    help = "Rebuild the search index of the configured backend from the directory and pages."

    def handle(self, *args, **options):
        started = time.perf_counter()
        backend = service.get_backend()
        written = service.rebuild()
        self.stdout.write(
            f"Search index rebuilt on the {backend.name} backend: {written} documents "
            f"in {time.perf_counter() - started:.1f} s."
        )
