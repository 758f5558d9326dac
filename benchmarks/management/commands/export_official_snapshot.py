from django.core.management.base import BaseCommand, CommandError

from benchmarks.official_snapshot import DEFAULT_PATH, MAX_BYTES, export_snapshot


class Command(BaseCommand):
    help = (
        "Write the official figures now in the database (every table the importers fill, with each "
        "file's provenance) to one compact xz file, by default the committed snapshot "
        "benchmarks/snapshot/official.jsonl.xz. Import the raw files first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT_PATH), help=f"Where to write (default {DEFAULT_PATH})")

    def handle(self, *args, **options):
        from benchmarks.models import ImportRun

        if not ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED).exists():
            raise CommandError("No official data in this database: import it first (`import_official_data DIR`).")
        result = export_snapshot(options["output"])
        for model, rows in result.counts.items():
            self.stdout.write(f"  {model:<40} {rows:>9} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {result.path}: {result.size / 1024 / 1024:.2f} MB ({result.size} bytes), "
                f"sha256 {result.sha256[:12]}…, in {result.seconds:.1f} s"
            )
        )
        if result.size > MAX_BYTES:
            raise CommandError(
                f"{result.path} is {result.size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB "
                "limit for the committed snapshot."
            )
