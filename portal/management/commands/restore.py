from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup
from portal.settings.base import database_from_url


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into a fresh, empty database and the media "
        "folders, then check every table's row count and every file's checksum against it."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--database-url",
            help="database to restore into (default: the configured DATABASE_URL); must be empty",
        )
        parser.add_argument("--media-root", help="default: MEDIA_ROOT")
        parser.add_argument("--private-media-root", help="default: PRIVATE_MEDIA_ROOT")

    def handle(self, *args, archive, database_url, media_root, private_media_root, **options):
        database = database_from_url(database_url) if database_url else None
        try:
            report = restore_backup(
                Path(archive),
                database=database,
                media_root=Path(media_root) if media_root else None,
                private_root=Path(private_media_root) if private_media_root else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored and verified: {report['tables']} tables, {report['rows']} rows, "
            f"{report['files']} files identical to the backup."
        )
