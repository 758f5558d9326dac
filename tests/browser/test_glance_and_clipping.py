"""The profile at a glance and the service view in a browser, at 320, 390 and 1280 CSS pixels: axe
finds nothing, the page never scrolls sideways, no text is smaller than 12px, and at 1280px nothing is
clipped: every table's last column (the service view's "Considered different") is in view without
scrolling its region."""

import pytest

from tests.browser.test_benchmarking_reflow import OVERFLOWING, world  # noqa: F401 - the shared data fixture

pytestmark = pytest.mark.django_db(transaction=True)

MIN_TEXT_PX = 12

# Text smaller than 12px as rendered: HTML text by its computed size, SVG text by its size times the
# drawing's scale to the screen. Hidden elements (display: none, the other drawing of a chart) are skipped.
SMALL_TEXT = """(minPx) => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    if (el.closest('.govuk-visually-hidden')) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) px *= svg.getScreenCTM().a;
    if (px < minPx - 0.05) small.push(`${text.slice(0, 40)} at ${px.toFixed(1)}px`);
  }
  return small.slice(0, 10);
}"""

# Tables whose last column is out of view in their scrolling region (clipped) at this width.
CLIPPED_TABLES = """() => {
  const clipped = [];
  for (const table of document.querySelectorAll('main table')) {
    const region = table.closest('.pe-table-scroll');
    if (!region) continue;
    const lastHeader = table.querySelector('thead th:last-child');
    if (!lastHeader) continue;
    const right = lastHeader.getBoundingClientRect().right, edge = region.getBoundingClientRect().right;
    if (right > edge + 0.5) clipped.push(`${table.id}: "${lastHeader.textContent.trim()}" ends at ${Math.round(right)}px, region at ${Math.round(edge)}px`);
  }
  return clipped;
}"""


def check_page(page, assert_accessible, url, widths=(320, 390, 1280)):
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200, url
        result = page.evaluate(OVERFLOWING)
        assert result["scrollWidth"] <= result["innerWidth"], (
            f"{url} at {width}px scrolls sideways: {result['scrollWidth']}px\n" + "\n".join(result["found"])
        )
        small = page.evaluate(SMALL_TEXT, MIN_TEXT_PX)
        assert not small, f"{url} at {width}px: text below {MIN_TEXT_PX}px:\n" + "\n".join(small)
        if width == 1280:
            clipped = page.evaluate(CLIPPED_TABLES)
            assert not clipped, f"{url} at 1280px:\n" + "\n".join(clipped)
        assert_accessible(page)


def test_profile_at_a_glance(page, home_page, world, assert_accessible):  # noqa: F811
    gss = world["Corby Unitary"].gss_code
    check_page(page, assert_accessible, f"/benchmarking/{gss}/")
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/benchmarking/{gss}/")
    strip = page.locator('tr[data-service="290"] svg.pe-mini-strip')
    box = strip.bounding_box()
    assert box["width"] >= 90 and box["height"] >= 15  # a readable size on a phone (in its region)
    assert page.locator("#headline-total").is_visible()


def test_service_view_nothing_clipped(page, home_page, world, assert_accessible):  # noqa: F811
    gss = world["Corby Unitary"].gss_code
    check_page(page, assert_accessible, f"/benchmarking/{gss}/290/")
