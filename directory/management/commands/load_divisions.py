from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.divisions import (
    DEFAULT_DIVISIONS_FILE,
    DivisionFileError,
    load_divisions,
    parse_divisions,
)


class Command(BaseCommand):
    help = (
        "Load (or update, by code) the administrative divisions from a CSV file with columns "
        "code,name,level,parent_code,lon,lat[,datum]. A file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_DIVISIONS_FILE))
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            if dry_run:
                rows = parse_divisions(path)
                self.stdout.write(f"{path}: {len(rows)} rows are valid; nothing was written.")
                return
            result = load_divisions(path)
        except DivisionFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(
                f"{len(exc.errors)} problem(s) found in {path}; no division was changed."
            ) from exc
        levels = ", ".join(f"{n} {level}" for level, n in result.by_level.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Divisions loaded: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged ({levels}); "
                f"{result.approximate} placed at their parent's point."
            )
        )
