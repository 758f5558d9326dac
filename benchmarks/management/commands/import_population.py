from pathlib import Path

from benchmarks.importers.services import import_population_mid2023, import_population_workbook
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = (
        "Import ONS population: a mid-year estimates workbook of any year (mye22final.xlsx, the mid-2013 MYE2 or "
        "mid-2019 workbook; the layout is told from the content) or the mid-2023 transcribed CSV."
    )
    dataset = Dataset.POPULATION

    def handle(self, *args, **options):
        self._csv = Path(options["path"]).suffix.lower() == ".csv"
        return super().handle(*args, **options)

    def importer(self):
        return import_population_mid2023 if self._csv else import_population_workbook
