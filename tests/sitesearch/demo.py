"""Load the demo content for search tests and index it."""

import io

from django.core.management import call_command


def load_indexed_demo(home_page) -> dict:
    """The demo content (load_demo finds or builds the same home page), then a full index rebuild."""
    from cop.sitesearch.services import rebuild_all

    call_command("load_demo", stdout=io.StringIO())
    return rebuild_all()
