"""WCAG 2.2 SC 1.4.10 Reflow on the benchmarking pages: at 320 and 390 CSS pixels wide (and on a desktop
screen) the page itself never scrolls sideways. Wide data tables scroll inside their own region instead,
and that region can be reached and scrolled from the keyboard (tabindex="0"), is named by the table's
caption, shows a focus style, and its caption wraps within the visible width rather than running off
beside the table."""

from decimal import Decimal

import pytest

from tests.benchmarks.world import build_world
from tests.browser.test_submissions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 1280)

# What sticks out past the right edge of the viewport, ignoring anything inside a box that clips or
# scrolls its own overflow (the table regions): those are the elements that make the page scroll.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && !clipped(el)) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ends at ${Math.round(box.right)}px: `
                 + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, found: found.slice(0, 8)};
}"""

# Every table wider than the box it sits in: where that box is, and whether it is a usable region.
WIDE_TABLES = """() => {
  const problems = [];
  for (const table of document.querySelectorAll('main table')) {
    let box = table.parentElement;
    while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const region = box && box !== document.documentElement && box !== document.body ? box : null;
    const container = region || table.parentElement;
    const label = (table.caption ? table.caption.textContent : table.id).trim().slice(0, 50);
    if (region && table.caption && table.caption.getBoundingClientRect().width > region.clientWidth + 0.5)
      problems.push(`${label}: the caption runs past the visible width of the region`);
    if (table.getBoundingClientRect().width <= container.clientWidth + 0.5) continue;
    if (!region) { problems.push(`${label}: wider than the page and not in a scrolling region`); continue; }
    if (!['auto', 'scroll'].includes(getComputedStyle(region).overflowX))
      problems.push(`${label}: its region does not scroll`);
    if (region.getAttribute('role') !== 'region') problems.push(`${label}: no role="region"`);
    const names = (region.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)).filter(Boolean);
    const name = names.map((el) => el.textContent).join(' ').trim() || (region.getAttribute('aria-label') || '').trim();
    if (!name) problems.push(`${label}: the region has no accessible name`);
    if (table.caption && !names.includes(table.caption)) problems.push(`${label}: the region is not named by the caption`);
    region.focus();
    if (document.activeElement !== region) {
      problems.push(`${label}: the region cannot take keyboard focus`);
    } else {
      const style = getComputedStyle(region);
      if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2)
        problems.push(`${label}: no visible focus style`);
      region.blur();
    }
  }
  return problems;
}"""


def check_reflow(page, assert_accessible, url):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response.status == 200, url
        result = page.evaluate(OVERFLOWING)
        assert result["scrollWidth"] <= result["innerWidth"], (
            f"{url} at {width}px scrolls sideways: {result['scrollWidth']}px wide\n" + "\n".join(result["found"])
        )
        problems = page.evaluate(WIDE_TABLES)
        assert not problems, f"{url} at {width}px:\n" + "\n".join(problems)
        # The same with every details element open (nearest neighbour weights, outcome charts).
        page.evaluate("() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
        result = page.evaluate(OVERFLOWING)
        assert result["scrollWidth"] <= result["innerWidth"], (
            f"{url} at {width}px, details open, scrolls sideways: {result['scrollWidth']}px wide\n"
            + "\n".join(result["found"])
        )
        # Charts are drawn to the width they are given.
        # Each chart is a wide and a narrow drawing, one of them hidden by CSS at any width.
        for chart in page.locator("svg.pe-chart:visible").all():
            box = chart.bounding_box()
            assert 0 < box["width"] and box["x"] + box["width"] <= width, f"{url} at {width}px: chart {box}"
        assert_accessible(page)


@pytest.fixture
def world(db):
    from tests.benchmarks.factories import PerformanceMeasureFactory, PerformanceValueFactory

    world = build_world()
    # Oflog adult social care outcomes, so the profile and the adult social care view show that table.
    measure = PerformanceMeasureFactory(code="ASC7", name="Outcome, Workforce turnover rate", polarity="lower")
    for name, value in {
        "Ashford Unitary": "10",
        "Bexley Unitary": "20",
        "Corby Unitary": "30",
        "Dover Unitary": "40",
        "Northshire": "50",
    }.items():
        PerformanceValueFactory(measure=measure, authority=world[name], value=Decimal(value))
    return world


def test_council_profile_reflows(page, home_page, world, assert_accessible):
    gss = world["Corby Unitary"].gss_code
    check_reflow(page, assert_accessible, f"/benchmarking/{gss}/")
    check_reflow(page, assert_accessible, f"/benchmarking/{gss}/?group=neighbours")


def test_service_views_reflow(page, home_page, world, assert_accessible):
    gss = world["Corby Unitary"].gss_code
    for code in ("290", "360"):
        check_reflow(page, assert_accessible, f"/benchmarking/{gss}/{code}/")
    check_reflow(page, assert_accessible, f"/benchmarking/{gss}/290/embed/")


def test_comparison_pages_reflow(page, home_page, world, assert_accessible):
    from benchmarks.groups.models import ComparisonGroup

    group = ComparisonGroup.objects.create(name="Unitaries and counties")
    group.members.set([world[name] for name in ("Ashford Unitary", "Bexley Unitary", "Corby Unitary", "Northshire")])
    check_reflow(page, assert_accessible, group.get_absolute_url())
    check_reflow(page, assert_accessible, f"/benchmarking/{world['Corby Unitary'].gss_code}/?group={group.token}")
    check_reflow(page, assert_accessible, f"/benchmarking/{world['Northshire'].gss_code}/place/")
    check_reflow(page, assert_accessible, "/benchmarking/savings/")
    check_reflow(page, assert_accessible, "/api/v1/docs/")


def test_submission_pages_reflow(page, live_server, home_page, world, assert_accessible):
    from benchmarks.submissions.models import SubmissionStatus
    from tests.benchmarks.submissions.factories import YEAR, SubmissionFactory, fill, official_outturn
    from tests.benchmarks.submissions.grids import consistent_grid
    from tests.members.factories import VerifiedOfficerFactory

    council = world["Northshire"]
    published = SubmissionFactory(council=council, status=SubmissionStatus.PUBLISHED)
    fill(published, consistent_grid())
    official_outturn(council, YEAR, consistent_grid(scale=2))
    draft = SubmissionFactory(council=world["Southshire"])
    sign_in(page, live_server, VerifiedOfficerFactory(council=world["Southshire"]))
    for url in (
        "/benchmarking/submissions/",
        "/benchmarking/submissions/published/",
        f"/benchmarking/submissions/{published.pk}/",
        f"/benchmarking/submissions/{draft.pk}/edit/",
    ):
        check_reflow(page, assert_accessible, url)
