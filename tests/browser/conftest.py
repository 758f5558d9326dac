"""Browser tests: Playwright drives Debian's Chromium against Django's live server,
and every page a test visits can be checked with axe-core (WCAG 2.x A and AA)."""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database
# access happens in the server thread, and test set-up code is synchronous by design.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def is_csp_violation(message) -> bool:
    """Chromium reports every Content-Security-Policy refusal as a console error."""
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if is_csp_violation(message) else None)
    yield page
    context.close()
    # Every page a test visited must work under the site's CSP without a single refusal.
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def run_axe(page) -> list[dict]:
    """Run axe-core on the current page and return the WCAG A/AA violations."""
    # A click that navigates returns before the new document is parsed: check the page that
    # arrives, not the one leaving (injecting into a document without a head fails).
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern (a
        # <script> tag added with add_script_tag is inline script, which the CSP refuses).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {json.dumps(targets)}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = run_axe(page)
        assert not violations, f"axe found WCAG violations on {page.url}:\n{describe_violations(violations)}"

    return check
