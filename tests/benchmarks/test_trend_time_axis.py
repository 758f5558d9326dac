"""Honest trend charts: years on a true time axis, gaps drawn as gaps, lines broken at definition
changes, predecessor councils' combined figures drawn distinctly."""

import re

from benchmarks import charts


def wide(svg) -> str:
    return re.findall(r"<svg .*?</svg>", str(svg), flags=re.S)[0]


def council_dots(svg: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<circle cx="([\d.]+)" cy="[\d.]+" r="4" fill="{charts.COUNCIL_LINE}"', svg)]


def lines(svg: str, colour: str) -> list[list[tuple[float, float]]]:
    found = re.findall(rf'<polyline points="([^"]+)" fill="none" stroke="{colour}"', svg)
    return [[tuple(map(float, xy.split(","))) for xy in pts.split()] for pts in found]


def point(year: str, value, **extra) -> dict:
    return {"year": year, "value": value, "median": value, "q1": value, "q3": value, "break": "", **extra}


SPARSE = [point("2013-14", 10), point("2017-18", 20), point("2021-22", 30), point("2022-23", 35)]


def test_x_positions_are_proportional_to_the_years():
    xs = council_dots(wide(charts.trend_chart(SPARSE, title="t", description="d", council_label="X")))
    starts = [2013, 2017, 2021, 2022]
    assert len(xs) == 4
    per_year = (xs[-1] - xs[0]) / (starts[-1] - starts[0])
    for x, start in zip(xs, starts, strict=True):
        assert abs(x - (xs[0] + (start - 2013) * per_year)) < 0.2


def test_no_line_crosses_a_gap_and_the_gap_is_labelled():
    svg = wide(charts.trend_chart(SPARSE, title="t", description="d", council_label="X"))
    segments = lines(svg, charts.COUNCIL_LINE)
    # Only 2021-22 to 2022-23 are consecutive: one line of two points; the other years stand alone.
    assert [len(s) for s in segments] == [2]
    xs = council_dots(svg)
    for segment in segments:
        assert segment[0][0] == xs[2] and segment[-1][0] == xs[3]
    assert svg.count('class="pe-gap"') == 2
    assert ">no</tspan>" in svg and ">figures</tspan>" in svg


def test_a_year_without_a_figure_breaks_the_line():
    points = [point("2019-20", 10), point("2020-21", None), point("2021-22", 12)]
    svg = wide(charts.trend_chart(points, title="t", description="d", council_label="X"))
    assert lines(svg, charts.COUNCIL_LINE) == []
    assert ">figure</tspan>" in svg


def test_the_series_is_broken_at_a_definition_change():
    points = [point("2012-13", 5), point("2013-14", 7, **{"break": "Public health moved"}), point("2014-15", 8)]
    svg = wide(charts.trend_chart(points, title="t", description="d", council_label="X"))
    segments = lines(svg, charts.COUNCIL_LINE)
    assert [len(s) for s in segments] == [2]  # 2013-14 to 2014-15; nothing joins 2012-13 across the break
    assert "definition change" in svg


def test_predecessor_combined_figures_are_drawn_distinctly():
    points = [point("2018-19", 5, combined=True), point("2019-20", 6, combined=True), point("2020-21", 7)]
    svg = wide(charts.trend_chart(points, title="t", description="d", council_label="X"))
    assert svg.count('class="pe-combined"') == 2 and charts.COMBINED_LEGEND in svg
    assert 'stroke-dasharray="2 4"' in svg
