"""What the home page shows. Each section asks the app that owns it, so the home page
keeps working (with an empty section) while an app has nothing to show yet."""

from importlib import import_module

SECTION_PROVIDERS = {
    "featured_case_studies": ("casestudies.selectors", "featured_case_studies"),
    "latest_threads": ("cop.discussions.selectors", "latest_threads"),
    "council_choices": ("benchmarks.selectors", "council_picker_choices"),
}


def home_page_sections() -> dict:
    sections = {}
    for name, (module_name, function_name) in SECTION_PROVIDERS.items():
        try:
            provider = getattr(import_module(module_name), function_name)
        except (ImportError, AttributeError):
            sections[name] = []
            continue
        sections[name] = provider()
    return sections
