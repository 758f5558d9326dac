import time

from django.core.management.base import BaseCommand, CommandError

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.directory import IMPORTERS, plan_directory, recognise
from benchmarks.importers.services import record_failed_import

from ._official import print_result


class Command(BaseCommand):
    help = (
        "Import every official file this site recognises in DIR (authorities first), e.g. "
        "`import_official_data ../shared/data`. Files already loaded (same SHA-256) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--force", action="store_true", help="Load files again even if unchanged")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            plan, unknown = plan_directory(options["directory"])
        except OfficialDataError as exc:
            raise CommandError(str(exc))
        if not plan:
            raise CommandError(f"{options['directory']}: no official files recognised.")
        failures, loaded, unchanged, values = [], 0, 0, 0
        for kind, path in plan:
            try:
                result = IMPORTERS[kind](path, force=options["force"])
            except OfficialDataError as exc:
                record_failed_import(recognise(path)[1], path, str(exc))
                self.stderr.write(self.style.ERROR(f"{path.name}: {exc}"))
                failures.append(path.name)
                continue
            print_result(self, result)
            if result.unchanged:
                unchanged += 1
            else:
                loaded += 1
                values += result.run.values_loaded
        for path in unknown:
            self.stdout.write(f"not recognised, skipped: {path}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{loaded} files loaded ({values} values), {unchanged} unchanged, {len(failures)} failed, "
                f"{len(unknown)} not recognised, in {time.monotonic() - started:.1f} s"
            )
        )
        if failures:
            raise CommandError(f"{len(failures)} files could not be imported: {', '.join(failures)}")
