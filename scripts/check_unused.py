"""Unused-code check for `make lint`: vulture over the project and its tests, with framework-called names
whitelisted in scripts/vulture_whitelist.py.

It reports unused functions, classes, methods, properties and imports, and unreachable code. It does
not report variables and attributes: in Django those are mostly model fields, Meta options and
settings, which the framework reads by name. Identifiers used in templates count as used.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["benchmarks", "casestudies", "cop", "tests", "scripts"]  # scripts/ holds vulture_whitelist.py
EXCLUDE = ["*/migrations/*", "node_modules", ".venv"]
REPORTED = {"function", "class", "method", "property", "import", "unreachable_code"}
# Names that Django, Wagtail, DRF, allauth and pytest call by convention.
IGNORE_NAMES = [
    "add_arguments",
    "handle",
    "ready",
    "clean_*",
    "validate_*",
    "has_*_permission",
    "item_*",
    "from_db_value",
    "value_to_string",
    "process_exception",
    "to_python",
    "get_prep_value",
    "test_*",
    "Test*",
    "Migration",
    "Command",
    "*Config",
    "setUp*",
    "tearDown*",
    "pytest_*",
]
IGNORE_DECORATORS = [
    "@receiver",
    "@hooks.register",
    "@register.*",
    "@pytest.fixture",
    "@task",
    "@admin.register",
    "@property",
    "@factory.post_generation",
    "@page_context",
]
TEMPLATE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DOTTED_PATH = re.compile(r"[\"']((?:[a-z_][a-z0-9_]*\.)+([A-Za-z_][A-Za-z0-9_]*))[\"']")


def template_names() -> set[str]:
    names: set[str] = set()
    for template in ROOT.glob("**/templates/**/*.*"):
        if "node_modules" in template.parts or ".venv" in template.parts:
            continue
        names.update(TEMPLATE_NAME.findall(template.read_text(errors="replace")))
    return names


def dotted_path_names() -> set[str]:
    """Settings and Wagtail name classes and functions by dotted path ("cop.core.views.bad_request")."""
    names: set[str] = set()
    for path in PATHS:
        for module in (ROOT / path).glob("**/*.py"):
            names.update(match[1] for match in DOTTED_PATH.findall(module.read_text()))
    return names


def main() -> int:
    vulture = Vulture(ignore_names=IGNORE_NAMES, ignore_decorators=IGNORE_DECORATORS)
    vulture.scavenge([str(ROOT / p) for p in PATHS], exclude=EXCLUDE)
    vulture.used_names.update(template_names() | dotted_path_names())
    unused = [item for item in vulture.get_unused_code(min_confidence=60) if item.typ in REPORTED]
    for item in unused:
        print(item.get_report())
    if unused:
        print(
            f"{len(unused)} unused: remove them, or whitelist a framework-called name in scripts/vulture_whitelist.py."
        )
    return 1 if unused else 0


if __name__ == "__main__":
    sys.exit(main())
