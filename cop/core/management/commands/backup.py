"""Write the database and uploaded media to one archive: manage.py backup [--output PATH]."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or SQLite's backup API) and MEDIA_ROOT to a tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive to write (default: backup-<UTC time>.tar.gz here)")
        parser.add_argument("--database", default="default", help="Database alias (default: default)")

    def handle(self, *args, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["output"] or f"backup-{stamp}.tar.gz").resolve()
        try:
            manifest = create_backup(output, alias=options["database"])
        except BackupError as error:
            raise CommandError(error.message) from error
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {manifest['engine']} database and {media} media files to {output}")
        )
