from benchmarks.importers.services import import_budget
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = "Import an MHCLG revenue account budget (RA) CSV (UTF-8 or Windows-1252)."
    dataset = Dataset.REVENUE_BUDGET
    with_year = True

    def importer(self):
        return import_budget
