"""Build the page tree and demo content. Idempotent: running it again changes nothing.

Each feature app adds its own demo content through a ``demo`` module with a
``load(home_page, stdout)`` function, listed in DEMO_MODULES in the order they depend on.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

import benchmarks.demo
import benchmarks.submissions.demo
import casestudies.demo
import cop.communities.demo
import cop.discussions.demo
import cop.events.demo
import cop.library.demo
import cop.members.demo
import cop.updates.demo
from cop.core.cache import purge_page_cache
from cop.home.services import ensure_home_page

DEMO_MODULES = [
    cop.members.demo,
    casestudies.demo,
    cop.library.demo,
    cop.updates.demo,
    cop.events.demo,
    cop.communities.demo,
    cop.discussions.demo,
    benchmarks.demo,
    benchmarks.submissions.demo,
]


class Command(BaseCommand):
    help = "Create the page tree and demo content (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = ensure_home_page()
        self.stdout.write(f"Home page: {home.title} (id {home.pk})")
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.load(home, self.stdout)
        purge_page_cache()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
