"""Rebuild a site from a backup archive: manage.py restore PATH [--force]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from an archive written by manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive written by manage.py backup")
        parser.add_argument("--force", action="store_true", help="Replace a database that already has tables")
        parser.add_argument("--database", default="default", help="Database alias (default: default)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            manifest = restore_backup(path, alias=options["database"], force=options["force"])
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['engine']} database and media from {path} ({manifest['created']})"
            )
        )
