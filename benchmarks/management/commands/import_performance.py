from benchmarks.importers.services import import_performance
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = "Import Oflog adult social care measures (oflog_asc_data.csv), with their polarity."
    dataset = Dataset.PERFORMANCE

    def importer(self):
        return import_performance
