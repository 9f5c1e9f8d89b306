"""manage.py import_directory FILE.csv|FILE.xlsx [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError

from directory.importer import ImportFileError, import_directory


class Command(BaseCommand):
    help = (
        "Import service points from a CSV (UTF-8) or XLSX file, upserting by external_id. "
        "Any invalid row: a report (row, column, problem) and nothing written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = import_directory(file, dry_run=dry_run)
        except (ImportFileError, OSError) as error:
            raise CommandError(f"{file}: {error}") from error
        for problem in report.problems:
            self.stdout.write(str(problem))
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} problem(s) in {report.rows} row(s); nothing was written."
            )
        if dry_run:
            self.stdout.write(f"{report.rows} row(s) are valid; dry run, nothing was written.")
            return
        self.stdout.write(
            f"{report.rows} row(s): {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
