"""The choropleth maps in a browser, at 320, 390 and 1280 CSS pixels wide, on the benchmarking home
page, a council profile and a service view: the map is drawn with every council, a keyboard user
reaches an area with Tab and follows its link with Enter, no text is smaller than 12px, the page
never scrolls sideways, and axe finds no WCAG 2.2 A/AA violation."""

import pytest

from tests.benchmarks.map_world import add_boundaries
from tests.browser.test_benchmarking_reflow import OVERFLOWING, world  # noqa: F401 - the shared data fixture

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 1280)
MIN_FONT_PX = 12

# Every visible piece of text on the page: its rendered font size (text in an SVG scaled to the screen).
SMALL_TEXT = """(minimum) => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('title, desc, .govuk-visually-hidden')) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || getComputedStyle(el).visibility === 'hidden') continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) px *= svg.getScreenCTM().a;
    if (px < minimum) small.push(`${node.textContent.trim().slice(0, 40)}: ${px.toFixed(1)}px`);
  }
  return small.slice(0, 10);
}"""

MAP_STATE = """(id) => {
  const svg = document.getElementById(id);
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, right: box.right,
          areas: svg.querySelectorAll('a').length,
          names: Array.from(svg.querySelectorAll('a')).map((a) => a.getAttribute('aria-label').split(':')[0])};
}"""


def tab_to_map_area(page, map_id: str, limit: int = 120) -> str:
    """Press Tab from the top of the page until focus is on an area of the map; returns its link."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(limit):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "(id) => { const a = document.activeElement; return a && a.closest('#' + id) ? a.getAttribute('href') : null; }",
            map_id,
        )
        if href:
            fill = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('path')).fill")
            assert fill == "rgb(255, 221, 0)", f"the focused area shows no focus style ({fill})"
            return href
    raise AssertionError(f"{limit} presses of Tab never reached an area of #{map_id}")


def check_map_page(page, assert_accessible, url, map_id, expected_names):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response.status == 200, url
        state = page.evaluate(MAP_STATE, map_id)
        assert state["width"] > 0 and state["height"] > 0 and state["right"] <= width + 0.5, (width, state)
        assert expected_names <= set(state["names"]), (width, expected_names - set(state["names"]))
        result = page.evaluate(OVERFLOWING)
        assert result["scrollWidth"] <= result["innerWidth"], (
            f"{url} at {width}px scrolls sideways: {result['scrollWidth']}px\n" + "\n".join(result["found"])
        )
        small = page.evaluate(SMALL_TEXT, MIN_FONT_PX)
        assert not small, f"{url} at {width}px has text under {MIN_FONT_PX}px: {small}"
        assert_accessible(page)
    href = tab_to_map_area(page, map_id)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").first.is_visible()


@pytest.fixture
def mapped_world(world):  # noqa: F811 - the fixture imported above
    add_boundaries(list(world.councils.values()))
    return world


def test_england_map_on_the_benchmarking_home_page(page, home_page, mapped_world, assert_accessible):
    upper = {n for n, c in mapped_world.councils.items() if c.authority_type != "NMD"}
    check_map_page(page, assert_accessible, "/benchmarking/?service=360&year=2022-23", "england-map", upper)


def test_map_on_a_service_view(page, home_page, mapped_world, assert_accessible):
    lower = {n for n, c in mapped_world.councils.items() if c.authority_type != "CTY"}
    gss = mapped_world["Corby Unitary"].gss_code
    check_map_page(page, assert_accessible, f"/benchmarking/{gss}/290/?year=2022-23", "service-map", lower)


def test_group_map_on_a_profile(page, home_page, mapped_world, assert_accessible):
    unitaries = {n for n, c in mapped_world.councils.items() if c.authority_type == "UA"}
    gss = mapped_world["Corby Unitary"].gss_code
    check_map_page(page, assert_accessible, f"/benchmarking/{gss}/?year=2022-23", "group-map", unitaries)
