from django.core.management.base import BaseCommand, CommandError

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.directory import plan_directory
from benchmarks.importers.load_detail import check_detail
from benchmarks.importers.services import check_budget, check_outturn, check_population

CHECKS = {
    "outturn": check_outturn,
    "budget": check_budget,
    "detail": check_detail,
    "population_workbook": check_population,
}


class Command(BaseCommand):
    help = (
        "Compare the stored revenue outturn, RO3 detail, budget and ONS population figures with the official files "
        "in DIR, cell by cell."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        try:
            plan, _ = plan_directory(options["directory"])
        except OfficialDataError as exc:
            raise CommandError(str(exc))
        total = 0
        for kind, path in plan:
            if kind not in CHECKS:
                continue
            try:
                problems = CHECKS[kind](path)
            except OfficialDataError as exc:  # a file that cannot be read is one difference, not a crash
                problems = [str(exc)]
            total += len(problems)
            if problems:
                self.stdout.write(self.style.ERROR(f"{path.name}: {len(problems)} differences"))
                for line in problems[:50]:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{path.name}: every stored figure matches the file"))
        if total:
            raise CommandError(f"{total} differences between the database and the files")
