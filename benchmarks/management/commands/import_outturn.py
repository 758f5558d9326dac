from benchmarks.importers.services import import_outturn
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = "Import an MHCLG revenue outturn file: RS workbook (.xls/.xlsx) or RSX CSV export."
    dataset = Dataset.REVENUE_OUTTURN
    with_year = True

    def importer(self):
        return import_outturn
