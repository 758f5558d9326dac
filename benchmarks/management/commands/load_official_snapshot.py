from django.core.management.base import BaseCommand, CommandError

from benchmarks.official_snapshot import DEFAULT_PATH, SnapshotError, load_snapshot


class Command(BaseCommand):
    help = (
        "Load the official figures from a snapshot written by export_official_snapshot (default: the "
        "committed benchmarks/snapshot/official.jsonl.xz). All or nothing; a second load of the same "
        "snapshot does nothing. Replaces the official figures already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument("--force", action="store_true", help="Load again even if this snapshot is loaded")

    def handle(self, *args, **options):
        try:
            result = load_snapshot(options["path"], force=options["force"])
        except SnapshotError as exc:
            raise CommandError(str(exc))
        snapshot = result.snapshot
        if result.unchanged:
            self.stdout.write(
                f"{snapshot.path.name}: already loaded (sha256 {snapshot.sha256[:12]}…); nothing to do. "
                "Use --force to load it again."
            )
            return
        total = sum(snapshot.counts().values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {total} rows from {snapshot.path.name} (sha256 {snapshot.sha256[:12]}…) "
                f"in {result.seconds:.1f} s"
            )
        )
