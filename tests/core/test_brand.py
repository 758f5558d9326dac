"""Our own brand on GOV.UK Frontend: no GDS Transport font, no crown, a system font stack."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT_CSS = ROOT / "static" / "dist" / "main.css"


def test_built_css_uses_a_system_font_stack_and_never_gds_transport():
    assert BUILT_CSS.exists(), "static/dist/main.css is missing: run `npm run build` (make test does)"
    css = BUILT_CSS.read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "system-ui" in css


@pytest.mark.django_db
def test_pages_carry_our_name_and_no_crown(client, home_page):
    body = client.get("/").content.decode()
    assert "Place Exchange" in body
    assert "govuk-logo" not in body
    assert "crown" not in body.lower()
    assert "GOV.UK" not in body
