"""The benchmarking charts are SVG drawn on the server and scaled to the width they are given. On a
phone (320 and 390 CSS pixels wide) their text must still be readable: no chart label renders
smaller than 12px, and the page still does not scroll sideways. On a desktop screen the charts are
drawn as before, at a readable size too."""

import pytest

from tests.browser.test_benchmarking_reflow import OVERFLOWING, world  # noqa: F401 - the shared data fixture

pytestmark = pytest.mark.django_db(transaction=True)

MIN_FONT_PX = 12

# Every text element in a chart that is shown: its font size as rendered on screen (the computed font
# size times the SVG's scale to the screen) and the height of its box from getBoundingClientRect.
CHART_TEXT = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('main svg.pe-chart')) {
    const box = svg.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll('text')) {
      const rect = text.getBoundingClientRect();
      if (!rect.width) continue;
      found.push({chart: svg.id, text: text.textContent.trim().slice(0, 40),
                  px: parseFloat(getComputedStyle(text).fontSize) * scale, height: rect.height,
                  left: rect.left - box.left, right: box.right - rect.right});
    }
  }
  return found;
}"""


def chart_text(page, url, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(url)
    assert response.status == 200, url
    # The adult social care charts are inside a details element.
    page.evaluate("() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    result = page.evaluate(OVERFLOWING)
    assert result["scrollWidth"] <= result["innerWidth"], (
        f"{url} at {width}px scrolls sideways: {result['scrollWidth']}px wide\n" + "\n".join(result["found"])
    )
    return page.evaluate(CHART_TEXT)


def check_chart_text(page, url) -> set[str]:
    """Check every drawn chart's text at three widths; returns the ids of the charts drawn at all three."""
    drawn_everywhere = None
    for width in (320, 390, 1280):
        texts = chart_text(page, url, width)
        assert texts, f"{url} at {width}px: no chart text found"
        small = [t for t in texts if t["px"] < MIN_FONT_PX - 0.05]
        assert not small, f"{url} at {width}px: chart text below {MIN_FONT_PX}px:\n" + "\n".join(
            f"{t['chart']}: {t['text']!r} at {t['px']:.1f}px" for t in small[:10]
        )
        # No label is cut off at either side of its chart, on the narrow or the wide drawing.
        cut = [t for t in texts if t["left"] < -0.5 or t["right"] < -0.5]
        assert not cut, f"{url} at {width}px: chart text runs out of the chart: {cut[:5]}"
        # The narrow and wide drawings of one chart share its id, less the "-narrow" suffix.
        drawn = {t["chart"].removesuffix("-narrow") for t in texts}
        drawn_everywhere = drawn if drawn_everywhere is None else drawn_everywhere & drawn
    return drawn_everywhere


def test_service_view_chart_text_is_readable_on_a_phone(page, home_page, world):  # noqa: F811
    gss = world["Corby Unitary"].gss_code
    # 290: the dot strip and the trend chart; 360: also a dot strip per adult social care outcome.
    for code in ("290", "360"):
        assert {"dot-strip", "trend-chart"} <= check_chart_text(page, f"/benchmarking/{gss}/{code}/")
    assert "dot-strip" in check_chart_text(page, f"/benchmarking/{gss}/290/embed/")


def test_the_trend_chart_draws_both_years_readably_on_a_phone(page, home_page, world):  # noqa: F811
    # The world has figures for 2021-22 and 2022-23: the trend chart must be there, with both years labelled.
    url = f"/benchmarking/{world['Corby Unitary'].gss_code}/290/"
    assert "trend-chart" in check_chart_text(page, url)
    for width in (320, 1280):
        labels = {t["text"] for t in chart_text(page, url, width) if t["chart"].startswith("trend-chart")}
        assert {"2021-22", "2022-23"} <= labels, f"{url} at {width}px: trend labels {sorted(labels)}"
