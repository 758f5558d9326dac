"""main.css carries only the GOV.UK Frontend components we use (static/scss/main.scss lists them).

Every GOV.UK Frontend class that our templates, form helpers and scripts use must still be
styled: a class that GOV.UK's full stylesheet styles but ours does not means a component was
left out of main.scss."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILT_CSS = ROOT / "static" / "dist" / "main.css"
FULL_GOVUK_CSS = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
SOURCE_GLOBS = [
    "templates/**/*.html",
    "cop/**/*.html",
    "cop/**/*.py",
    "benchmarks/**/*.html",
    "benchmarks/**/*.py",
    "casestudies/**/*.html",
    "casestudies/**/*.py",
    "static/js/*",
]
# In CSS the "!" of the override classes is escaped: .govuk-\!-margin-bottom-1
CSS_CLASS = re.compile(r"\.(govuk-(?:\\!|[a-zA-Z0-9_-])+)")
USED_CLASS = re.compile(r"govuk-(?:!-)?[a-z0-9_-]*[a-z0-9]")


def styled_classes(css: str) -> set[str]:
    return {name.replace("\\!", "!") for name in CSS_CLASS.findall(css)}


def used_classes() -> dict[str, str]:
    used = {}
    for pattern in SOURCE_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if "migrations" in path.parts or not path.is_file():
                continue
            for name in USED_CLASS.findall(path.read_text(errors="ignore")):
                used.setdefault(name, str(path.relative_to(ROOT)))
    return used


def test_every_govuk_class_we_use_is_in_main_css():
    assert BUILT_CSS.exists(), "static/dist/main.css is missing: run `npm run build` (make test does)"
    ours = styled_classes(BUILT_CSS.read_text())
    govuk = styled_classes(FULL_GOVUK_CSS.read_text())
    used = used_classes()
    assert len(used) > 50  # the scan found our templates
    missing = {name: where for name, where in used.items() if name in govuk and name not in ours}
    assert not missing, (
        "GOV.UK Frontend classes used but not in main.css (add the component to static/scss/main.scss): "
        + ", ".join(f"{name} ({where})" for name, where in sorted(missing.items()))
    )


def test_main_css_leaves_out_components_we_do_not_use():
    ours = styled_classes(BUILT_CSS.read_text())
    for component in ("govuk-accordion", "govuk-tabs", "govuk-cookie-banner", "govuk-task-list"):
        assert component not in ours
