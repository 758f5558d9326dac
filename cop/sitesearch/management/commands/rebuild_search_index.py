"""Rebuild every search index: Wagtail's (pages, documents, other indexed models) and the
site-wide search index (database rows, and Elasticsearch when ELASTICSEARCH_URL is set)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cop.sitesearch import elastic, services


class Command(BaseCommand):
    help = "Rebuild Wagtail's search index and the site-wide search index (and Elasticsearch if configured)."

    def add_arguments(self, parser):
        parser.add_argument("--skip-wagtail", action="store_true", help="Do not run Wagtail's update_index.")

    def handle(self, *args, skip_wagtail=False, **options):
        if not skip_wagtail:
            call_command("update_index", verbosity=0 if options["verbosity"] < 2 else 1)
            self.stdout.write("Wagtail search index rebuilt.")
        if elastic.is_enabled():
            elastic.ensure_index(recreate=True)
            self.stdout.write("Elasticsearch site-search index recreated.")
        counts = services.rebuild_all()
        for source, count in counts.items():
            self.stdout.write(f"  {source}: {count} item(s)")
        self.stdout.write(self.style.SUCCESS(f"Site search index rebuilt: {sum(counts.values())} item(s)."))
