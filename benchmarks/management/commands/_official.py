"""Shared behaviour of the official-data import commands (printing reports, failures)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.services import ImportResult, record_failed_import
from benchmarks.years import FinancialYear


def parse_year(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return FinancialYear.parse(value).start_year
    except ValueError as exc:
        raise CommandError(str(exc))


def print_result(command: BaseCommand, result: ImportResult) -> None:
    if result.unchanged:
        command.stdout.write(result.report.title)
        return
    command.stdout.write(result.report.as_text())
    run = result.run
    command.stdout.write(
        command.style.SUCCESS(
            f"  loaded {run.values_loaded} values from {run.rows_loaded} rows in {result.seconds:.2f} s "
            f"(sha256 {run.sha256[:12]}…, import run #{run.pk})"
        )
    )


def run_one(command: BaseCommand, dataset: str, func, path, **kwargs) -> ImportResult:
    try:
        result = func(path, **kwargs)
    except OfficialDataError as exc:
        record_failed_import(dataset, path, str(exc))
        raise CommandError(str(exc))
    print_result(command, result)
    return result


class SingleFileImportCommand(BaseCommand):
    dataset = ""
    with_year = False

    def importer(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("path", help="The official file, as published")
        parser.add_argument("--force", action="store_true", help="Load again even if this exact file is loaded")
        if self.with_year:
            parser.add_argument("--year", help="Refuse the file unless it covers this financial year, e.g. 2022-23")

    def handle(self, *args, **options):
        kwargs = {"force": options["force"]}
        if self.with_year:
            kwargs["year"] = parse_year(options.get("year"))
        run_one(self, self.dataset, self.importer(), options["path"], **kwargs)
