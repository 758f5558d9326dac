"""The "Spending by type of care" table on the adult (360) and children's (330) social care pages.

The test world's councils get an RO3 workbook built here and imported by the real importer, so
the page shows what a real import would give.
"""

from __future__ import annotations

import re
import statistics

import pytest
from django.urls import reverse

from benchmarks.importers.load_detail import import_detail

from .ro3_workbook import Body, figures_for, write_ro3
from .world import UNITARIES, build_world

NET = 7
GROSS = 3
ADULT_LINE = 32  # Physical support - adults (18–64)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def detail(world, tmp_path):
    """RO3 2022-23 for every council in the world; Fenland (no outturn return) did not submit RO3 either."""
    bodies, figures = [], {}
    for seed, (name, authority) in enumerate(world.councils.items(), start=1):
        figures[name] = None if name == "Fenland Unitary" else figures_for(seed)
        bodies.append(Body(authority.ecode, authority.gss_code, name, authority.authority_type, figures[name]))
    path = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies, shuffle=5)
    result = import_detail(path)
    assert not result.run.report["details"].get("bodies_not_matched")
    return figures


def service_url(world, name, code, **params):
    url = reverse("benchmarks:service", kwargs={"gss": world[name].gss_code, "code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def detail_row(html: str, line: int) -> list[str]:
    table = html[html.index('id="detail-table"') :]
    row = re.search(rf'<tr class="govuk-table__row" data-line="{line}">(.*?)</tr>', table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def money(value: float) -> str:
    return f"£{value:,.2f}"


def test_adult_page_shows_each_line_per_head_beside_the_group_median(client, world, detail):
    response = client.get(service_url(world, "Bexley Unitary", "360"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spending by type of care" in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m" id="detail-caption">' in html
    assert 'class="pe-table-scroll" role="region" aria-labelledby="detail-caption" tabindex="0"' in html
    cells = detail_row(html, ADULT_LINE)
    assert cells[0].startswith("Physical support - adults (18–64)")
    mine = float(detail["Bexley Unitary"][(ADULT_LINE, NET)]) * 1000 / world.populations["Bexley Unitary"]
    # The page's group (unitaries) less Fenland, which submitted neither return: missing, not zero.
    compared = [n for n in UNITARIES if detail[n] is not None]
    group = [float(detail[n][(ADULT_LINE, NET)]) * 1000 / world.populations[n] for n in compared]
    assert cells[1] == money(mine)
    assert cells[2] == money(statistics.median(group))
    rank = sorted(group, reverse=True).index(mine) + 1
    assert cells[5].startswith(f"{rank}") and f"of {len(group)}" in cells[5]
    gross = float(detail["Bexley Unitary"][(ADULT_LINE, GROSS)]) * 1000 / world.populations["Bexley Unitary"]
    assert cells[6] == money(gross)
    # Children's lines are not on the adults' page.
    assert 'data-line="10"' not in html


def test_the_page_says_where_the_figures_come_from_and_how_per_head_is_made(client, world, detail):
    html = client.get(service_url(world, "Bexley Unitary", "330")).content.decode()
    source = html[html.index('id="detail-source"') :]
    source = source[: source.index("</p>")]
    assert "RO3_2022-23_data_by_LA.xlsx" in source
    assert "14 December 2023" in source
    assert "£ thousand as published" in source and "mid-2022 population of 200,000" in source
    assert 'data-line="10"' in html and f'data-line="{ADULT_LINE}"' not in html


def test_a_council_that_did_not_submit_is_shown_as_not_submitted_never_zero(client, world, detail):
    html = client.get(service_url(world, "Fenland Unitary", "360")).content.decode()
    cells = detail_row(html, ADULT_LINE)
    assert cells[1] == "Not submitted" and cells[6] == "Not submitted"
    assert cells[5] == "–"
    assert "£0.00" not in html[html.index('id="detail-table"') :]


def test_no_detail_table_without_detail_for_the_service_or_year(client, world, detail):
    highways = client.get(service_url(world, "Bexley Unitary", "290")).content.decode()
    assert "Spending by type of care" not in highways
    earlier = client.get(service_url(world, "Bexley Unitary", "360", year="2021-22")).content.decode()
    assert "Spending by type of care" not in earlier and 'id="detail-table"' not in earlier


def test_no_detail_table_before_any_detail_is_imported(client, world):
    html = client.get(service_url(world, "Bexley Unitary", "360")).content.decode()
    assert "Spending by type of care" not in html
