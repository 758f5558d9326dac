"""Server-rendered SVG charts: accessible names, escaping, orientation."""

import re

from benchmarks import charts


def circle_x(svg: str, colour: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<circle cx="([\d.]+)" cy="[\d.]+" r="\d+" fill="{colour}"', svg)]


def test_dot_strip_has_title_description_and_escapes_labels():
    svg = str(
        charts.dot_strip(
            [
                {"label": "<script>alert(1)</script>", "value": 10, "highlight": True},
                {"label": "B", "value": 20, "highlight": False},
            ],
            15,
            5,
            title="Spend & more",
            description="A <b>summary</b>",
            chart_id="c1",
        )
    )
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Spend &amp; more</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_dot_strip_reverse_puts_lower_values_to_the_right():
    points = [{"label": "low", "value": 1, "highlight": True}, {"label": "high", "value": 9, "highlight": False}]
    normal = str(charts.dot_strip(points, 5, 2, title="t", description="d"))
    reverse = str(charts.dot_strip(points, 5, 2, title="t", description="d", reverse=True))
    assert circle_x(normal, charts.HIGHLIGHT)[0] < circle_x(normal, charts.DOT)[0]
    assert circle_x(reverse, charts.HIGHLIGHT)[0] > circle_x(reverse, charts.DOT)[0]


def test_trend_chart_marks_definition_breaks():
    points = [
        {"year": "2012-13", "value": 5, "median": 4, "q1": 3, "q3": 6, "break": ""},
        {"year": "2013-14", "value": 7, "median": 6, "q1": 5, "q3": 8, "break": "Public health moved"},
        {"year": "2014-15", "value": 8, "median": 7, "q1": 6, "q3": 9, "break": ""},
    ]
    svg = str(charts.trend_chart(points, title="t", description="d", council_label="X"))
    assert "definition change" in svg and "<polygon" in svg and "2013-14" in svg


def test_empty_chart_says_so():
    assert "No figures to show" in str(charts.dot_strip([], None, None, title="t", description="d"))


def split(svg: str) -> tuple[str, str]:
    """The wide and the narrow drawing of a chart."""
    wide, narrow = re.findall(r"<svg .*?</svg>", svg, flags=re.S)
    assert "pe-chart--wide" in wide and "pe-chart--narrow" in narrow
    return wide, narrow


def texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", t).split() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


POINTS = [
    {"label": "Bournemouth, Christchurch and Poole", "value": 412.5, "highlight": True},
    {"label": "Ashford", "value": 101.25, "highlight": False},
    {"label": "Bexley", "value": 250.0, "highlight": False},
    {"label": "Corby", "value": 37.5, "highlight": False},
]


def test_dot_strip_narrow_drawing_for_small_screens():
    wide, narrow = split(
        str(charts.dot_strip(POINTS, 175.6, 80.0, title="Spend & more", description="d", chart_id="c1"))
    )
    assert 'viewBox="0 0 320 ' in narrow and 'role="img"' in narrow
    assert 'aria-labelledby="c1-narrow-title c1-narrow-desc"' in narrow
    assert '<title id="c1-narrow-title">Spend &amp; more</title>' in narrow
    # The same dots, the same median label and the council's full name (wrapped over lines).
    for colour in (charts.DOT, charts.HIGHLIGHT):
        assert len(circle_x(narrow, colour)) == len(circle_x(wide, colour))
    assert "median 176" in wide and "median 176" in narrow
    words = " ".join(" ".join(t) for t in texts(narrow))
    assert "Bournemouth, Christchurch and Poole" in words
    assert narrow.count("<tspan") >= 3  # the long name takes two lines
    # Everything is placed inside the 320 units.
    assert all(0 <= float(x) <= 320 for x in re.findall(r'\bc?x[12]?="(-?[\d.]+)"', narrow))


def test_dot_strip_narrow_keeps_orientation_and_escapes():
    points = [{"label": "<b>low</b>", "value": 1, "highlight": True}, {"label": "high", "value": 9, "highlight": False}]
    _, narrow = split(str(charts.dot_strip(points, 5, 2, title="t", description="d", reverse=True)))
    assert circle_x(narrow, charts.HIGHLIGHT)[0] > circle_x(narrow, charts.DOT)[0]
    assert "<b>" not in narrow and "&lt;b&gt;low&lt;/b&gt;" in narrow


def test_trend_chart_narrow_drawing_has_every_year_break_and_legend():
    years = [f"{2012 + i}-{13 + i}" for i in range(13)]
    points = [
        {
            "year": y,
            "value": 100 + i,
            "median": 90 + i,
            "q1": 80 + i,
            "q3": 120 + i,
            "break": "Public health moved" if y == "2013-14" else "",
        }
        for i, y in enumerate(years)
    ]
    wide, narrow = split(
        str(
            charts.trend_chart(
                points, title="t", description="d", council_label="Corby Unitary", chart_id="trend-chart"
            )
        )
    )
    assert 'id="trend-chart-narrow"' in narrow and 'viewBox="0 0 320 ' in narrow
    words = [" ".join(t) for t in texts(narrow)]
    for year in years:
        assert year in words
    for label in ("definition change", "Corby Unitary", "group median", "lower to upper quartile"):
        assert label in words
    assert narrow.count(f'fill="{charts.COUNCIL_LINE}"') == wide.count(f'fill="{charts.COUNCIL_LINE}"') == 13
    assert "<polygon" in narrow


def test_empty_narrow_chart_says_so():
    _, narrow = split(str(charts.trend_chart([], title="t", description="d", council_label="X")))
    assert "No figures to show" in narrow
