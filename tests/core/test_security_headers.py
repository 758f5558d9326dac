"""Finding 9: every HTML page carries a Content-Security-Policy and a Permissions-Policy.

The public site's policy is strict (no inline script or style); the admin's is looser but
still same-origin. Templates must not need what the strict policy refuses.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

REPO = Path(settings.BASE_DIR)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_public_pages_have_a_strict_content_security_policy(client, home_page):
    for url in ("/", "/accounts/login/", "/no-such-page/"):
        response = client.get(url)
        assert "text/html" in response["Content-Type"], url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


def test_every_response_turns_off_powerful_features(client, home_page):
    for url in ("/", "/admin/login/", "/healthz"):
        header = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in header, (url, feature)


def test_admin_gets_its_own_policy_and_still_same_origin(client, home_page, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.gov.uk", "a-long-password-123", is_staff=True, is_superuser=True
    )
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert all(source in ("'self'", "'unsafe-inline'") for source in policy["script-src"])


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_cached_pages_keep_the_headers(client, home_page):
    assert client.get("/")["X-Page-Cache"] == "miss"
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert directives(hit)["script-src"] == ["'self'"]
    assert "camera=()" in hit["Permissions-Policy"]


def test_rendered_public_page_has_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()
    # <script> elements must load a file; JSON data blocks would be fine but none exist.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_templates_have_no_inline_script_style_or_handlers():
    """The strict policy would refuse these; a nonce is the only way in, and none is used."""
    offenders = []
    for folder in ("templates", "cop", "casestudies", "benchmarks"):
        for path in (REPO / folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle=\"", r"\son(click|load|change|submit)="):
                if re.search(pattern, text) and "csp_nonce" not in text:
                    offenders.append(f"{path.relative_to(REPO)}: {pattern}")
    assert offenders == []
