"""Production static files: every script and stylesheet a page loads, and every module those
scripts import, has a content hash in its URL, so WhiteNoise lets browsers cache it for good.

A module imported by its plain name (app.js once imported "./govuk-frontend.min.js") is served
with a 60-second cache lifetime and re-fetched on nearly every visit."""

import json
import posixpath
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
BUILT_APP_JS = ROOT / "static" / "dist" / "app.js"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cop.core.storage.HashedModulesStaticFilesStorage"},
}
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
STATIC_ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/static/[^"?#]+)"')
MODULE_SPECIFIER = re.compile(r"""\b(?:from|import)\s*\(?\s*["']([^"']+)["']""")


def test_production_settings_use_the_storage_that_hashes_module_imports():
    # (Importing production settings needs its environment; its source names the backend.)
    source = (ROOT / "cop" / "settings" / "production.py").read_text()
    assert '"cop.core.storage.HashedModulesStaticFilesStorage"' in source


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic as at deploy (production storage), for our own static/ folder only."""
    assert BUILT_APP_JS.exists(), "static/dist/app.js is missing: run `npm run build` (make test does)"
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=PRODUCTION_STORAGES,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGES, WHITENOISE_USE_FINDERS=False):
        yield collected


def manifest_paths(root: Path) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_built_app_js_imports_govuk_frontend(collected):
    """The source still imports GOV.UK Frontend relatively; collectstatic gives it the hash."""
    paths = manifest_paths(collected)
    hashed_app = (collected / paths["dist/app.js"]).read_text()
    specifiers = MODULE_SPECIFIER.findall(hashed_app)
    assert specifiers == [f"./{posixpath.basename(paths['dist/govuk-frontend.min.js'])}"]
    assert "govuk-frontend.min.js" not in hashed_app


@pytest.mark.django_db
def test_pages_load_only_hashed_scripts_and_styles_and_their_imports(client, home_page, production_static):
    paths = manifest_paths(production_static)
    hashed_names = set(paths.values())
    html = client.get("/").content.decode()
    assets = STATIC_ASSET.findall(html)
    assert any(url.startswith("/static/dist/app.") for url in assets), assets
    assert any(url.startswith("/static/dist/main.") for url in assets), assets

    seen, queue = set(), list(assets)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        name = url.removeprefix("/static/")
        assert HASHED.search(name) and name in hashed_names, f"{url} is not a hashed static file"
        if name.endswith((".js", ".mjs")):
            for specifier in MODULE_SPECIFIER.findall((production_static / name).read_text()):
                assert specifier.startswith(("./", "../")), f"{url} imports {specifier!r}"
                queue.append("/static/" + posixpath.normpath(posixpath.join(posixpath.dirname(name), specifier)))
    assert any("govuk-frontend.min." in url for url in seen), "app.js no longer imports GOV.UK Frontend"


@pytest.mark.django_db
def test_whitenoise_caches_the_imported_govuk_frontend_for_good(client, production_static):
    hashed = manifest_paths(production_static)["dist/govuk-frontend.min.js"]
    response = client.get(f"/static/{hashed}")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
