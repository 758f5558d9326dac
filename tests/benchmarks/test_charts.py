"""Server-rendered SVG charts: accessible names, escaping, orientation."""

import re

from benchmarks import charts


def circle_x(svg: str, colour: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<circle cx="([\d.]+)" cy="[\d.]+" r="\d+" fill="{colour}"', svg)]


def test_dot_strip_has_title_description_and_escapes_labels():
    svg = str(charts.dot_strip(
        [{"label": "<script>alert(1)</script>", "value": 10, "highlight": True},
         {"label": "B", "value": 20, "highlight": False}],
        15, 5, title="Spend & more", description="A <b>summary</b>", chart_id="c1"))
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<title id=\"c1-title\">Spend &amp; more</title>" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_dot_strip_reverse_puts_lower_values_to_the_right():
    points = [{"label": "low", "value": 1, "highlight": True}, {"label": "high", "value": 9, "highlight": False}]
    normal = str(charts.dot_strip(points, 5, 2, title="t", description="d"))
    reverse = str(charts.dot_strip(points, 5, 2, title="t", description="d", reverse=True))
    assert circle_x(normal, charts.HIGHLIGHT)[0] < circle_x(normal, charts.DOT)[0]
    assert circle_x(reverse, charts.HIGHLIGHT)[0] > circle_x(reverse, charts.DOT)[0]


def test_trend_chart_marks_definition_breaks():
    points = [{"year": "2012-13", "value": 5, "median": 4, "q1": 3, "q3": 6, "break": ""},
              {"year": "2013-14", "value": 7, "median": 6, "q1": 5, "q3": 8, "break": "Public health moved"}]
    svg = str(charts.trend_chart(points, title="t", description="d", council_label="X"))
    assert "definition change" in svg and "<polygon" in svg and "2013-14" in svg


def test_empty_chart_says_so():
    assert "No figures to show" in str(charts.dot_strip([], None, None, title="t", description="d"))
