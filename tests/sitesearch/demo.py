"""Load the demo content for search tests and index it."""

import importlib
import io

from django.core.management import CommandError, call_command

DEMO_MODULES = [
    "cop.members.demo",
    "casestudies.demo",
    "cop.library.demo",
    "cop.updates.demo",
    "cop.events.demo",
    "cop.discussions.demo",
    "benchmarks.demo",
]


def load_indexed_demo(home_page) -> dict:
    try:
        call_command("load_demo", stdout=io.StringIO())
    except CommandError:
        # Until the load_demo command exists, call the demo modules it will call, in order.
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            module.load(home_page, io.StringIO())
    from cop.sitesearch.services import rebuild_all

    return rebuild_all()
