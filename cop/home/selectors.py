"""What the home page shows. Each section asks the app that owns it, by a direct import: the
home page sits above every other app, and a renamed selector fails loudly instead of emptying
a section."""

from benchmarks.store import council_picker_choices
from casestudies.selectors import featured_case_studies
from cop.discussions.selectors import latest_threads


def home_page_sections() -> dict:
    return {
        "featured_case_studies": featured_case_studies(),
        "latest_threads": latest_threads(),
        "council_choices": council_picker_choices(),
    }
