from benchmarks.importers.services import import_prices
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = (
        "Import GDP deflators by financial year (gdp_deflators_transcribed.csv) for real-terms figures; "
        "replaces the whole series, marked provisional."
    )
    dataset = Dataset.PRICES

    def importer(self):
        return import_prices
