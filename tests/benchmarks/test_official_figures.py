"""Figures shown on the council profile and in the API against the official files, read here
independently (csv / openpyxl), for a district, a county, a London borough and a council abolished
in 2023, and the councils that did not submit."""

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

DATA = Path(settings.DATA_DIR)  # the data directory `make` and CI pass in (DATA_DIR)
RSX = {
    "2022-23": DATA / "revenue-outturn" / "RSX_2022-23_data_by_LA.csv",
    "2021-22": DATA / "revenue-outturn" / "RSX_2021-22_data_by_LA_Live.csv",
}
SAMPLE = {
    "E07000237": "Worcester (district)",
    "E10000034": "Worcestershire (county)",
    "E09000023": "Lewisham (London borough)",
    "E10000006": "Cumbria (county, abolished 2023)",
}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"official data directory {DATA} is missing (set DATA_DIR)"),
]


def read_rsx(path: Path) -> tuple[dict, set]:
    """{ONS code: {(line, column): text as published}} and the codes of non-submitters."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    ref_row = next(r for r in rows if "C1R190" in r)
    refs = {
        i: (cell[cell.index("R") + 1 :], int(cell[1 : cell.index("R")]))
        for i, cell in enumerate(ref_row)
        if cell.startswith("C") and "R" in cell
    }
    header_index = next(i for i, r in enumerate(rows) if r and r[0] == "E-code")
    ons = rows[header_index].index("ONS Code")
    figures, missing = {}, set()
    for row in rows[header_index + 1 :]:
        if len(row) <= ons or not row[ons].startswith("E0") and not row[ons].startswith("E1"):
            continue
        cells = {ref: row[i].strip() for i, ref in refs.items() if i < len(row)}
        if any(v in ("[x]", "...") for v in cells.values()):
            missing.add(row[ons])
        figures.setdefault(row[ons], cells)
    return figures, missing


def published(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture
def official(db):
    from benchmarks import store
    from benchmarks.importers.services import import_authorities, import_outturn, import_population_workbook

    import_authorities(DATA / "authorities" / "uk_local_authorities.csv")
    import_population_workbook(DATA / "population" / "mye22final.xlsx")
    for path in RSX.values():
        import_outturn(path)
    store.clear_memory_cache()


def ons_population_mid_2022() -> dict:
    workbook = openpyxl.load_workbook(DATA / "population" / "mye22final.xlsx", read_only=True)
    sheet = workbook["MYE2 - Persons"]
    populations = {}
    for row in sheet.iter_rows(min_row=1, max_col=4, values_only=True):
        if isinstance(row[0], str) and isinstance(row[3], int):
            populations[row[0]] = row[3]
    return populations


def mysociety_population_2020() -> dict:
    with (DATA / "authorities" / "uk_local_authorities.csv").open(encoding="utf-8", newline="") as handle:
        return {r["gss-code"]: float(r["pop-2020"]) for r in csv.DictReader(handle) if r["gss-code"] and r["pop-2020"]}


def test_profile_figures_equal_the_official_files(client, official):
    ons = ons_population_mid_2022()
    pop_2020 = mysociety_population_2020()
    checked = 0
    for year, path in RSX.items():
        figures, missing = read_rsx(path)
        for gss, label in SAMPLE.items():
            response = client.get(f"/benchmarking/{gss}/?year={year}")
            assert response.status_code == 200, (label, year)
            profile = response.context["profile"]
            rows = {r.service.code: r for r in profile.rows}
            if profile.population_year == 2022:
                assert profile.population == ons[gss], label
            else:
                assert profile.population_year == 2020 and profile.population == pop_2020[gss], label
            for line in ("190", "290", "330", "360", "490", "590", "690", "699"):
                text = figures[gss][(line, 7)]
                row = rows[line]
                assert row.value_thousands == published(text), (label, year, line)
                if row.delivers:
                    expected = float(published(text)) * 1000 / profile.population
                    assert row.per_head == pytest.approx(expected), (label, year, line)
                    shown = f"{expected:,.2f}"
                    assert shown in response.content.decode(), (label, year, line, shown)
                checked += 1
        # Councils that made no return are shown as not submitted, never as zero.
        assert len(missing) == 4  # as the data README says
        for gss in sorted(missing)[:2]:
            response = client.get(f"/benchmarking/{gss}/?year={year}")
            assert response.status_code == 200, gss
            assert all(not r.submitted and r.per_head is None for r in response.context["profile"].rows)
            assert "Not submitted" in response.content.decode()
    assert checked == 2 * len(SAMPLE) * 8


def test_api_values_equal_the_official_file(client, official):
    figures, _missing = read_rsx(RSX["2022-23"])
    for gss in SAMPLE:
        body = client.get(f"/api/v1/values?authority={gss}&year=2022-23&measure=net_current_expenditure").json()
        by_service = {r["service"]: r for r in body["results"]}
        for line in ("290", "699"):
            assert Decimal(by_service[line]["value_thousands"]) == published(figures[gss][(line, 7)])
            assert by_service[line]["source"] == RSX["2022-23"].name
