from django.core.management.base import BaseCommand

from casestudies.services import unpublish_stories_without_valid_consent


class Command(BaseCommand):
    help = "Unpublish citizen stories whose consent has expired, been withdrawn or is missing (run daily)."

    def handle(self, *args, **options):
        count = unpublish_stories_without_valid_consent()
        self.stdout.write(f"Unpublished {count} stor{'y' if count == 1 else 'ies'} without valid consent.")
