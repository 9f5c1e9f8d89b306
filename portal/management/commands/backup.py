from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or SQLite's backup API), the media and the "
        "private media into one .tar.gz with a manifest of row counts and checksums "
        "(portal/backup.py). Restore with `manage.py restore ARCHIVE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="archive to write (default: var/backups/fulei-<UTC time>.tar.gz)",
        )

    def handle(self, *args, archive=None, **options):
        if not archive:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            archive = Path(settings.VAR_DIR) / "backups" / f"fulei-{stamp}.tar.gz"
        try:
            manifest = create_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(len(f) for f in manifest["files"].values())
        self.stdout.write(
            f"Backup written to {archive}: {manifest['vendor']} database, "
            f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
            f"{files} media files."
        )
