from django.core.management.base import BaseCommand, CommandError

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.load_detail import check_detail
from benchmarks.importers.services import check_budget, check_outturn, plan_directory


class Command(BaseCommand):
    help = "Compare the stored revenue outturn, RO3 detail and budget figures with the official files in DIR, cell by cell."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        try:
            plan, _ = plan_directory(options["directory"])
        except OfficialDataError as exc:
            raise CommandError(str(exc))
        total = 0
        for kind, path in plan:
            check = {"outturn": check_outturn, "budget": check_budget, "detail": check_detail}.get(kind)
            if check is None:
                continue
            problems = check(path)
            total += len(problems)
            if problems:
                self.stdout.write(self.style.ERROR(f"{path.name}: {len(problems)} differences"))
                for line in problems[:50]:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{path.name}: every stored figure matches the file"))
        if total:
            raise CommandError(f"{total} differences between the database and the files")
