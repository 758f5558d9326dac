from benchmarks.importers.services import import_authorities
from benchmarks.models import Dataset

from ._official import SingleFileImportCommand


class Command(SingleFileImportCommand):
    help = "Import mySociety's UK local authority lookup (uk_local_authorities.csv)."
    dataset = Dataset.AUTHORITIES

    def importer(self):
        return import_authorities
