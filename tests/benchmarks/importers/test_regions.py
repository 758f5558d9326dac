"""Issue 11: each council's region comes from the official files where they state it; the
authority lookup's disagreements are reported and never put back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from benchmarks.importers.base import Report, read_source
from benchmarks.importers.directory import IMPORTERS
from benchmarks.importers.ra_lines import LINES
from benchmarks.importers.regions import apply_workbook_regions, map_region
from benchmarks.models import Authority, BudgetLine, BudgetValue, ImportRun, PopulationEstimate, Region
from tests.benchmarks.importers.ra_workbooks import small_ra, write_xlsx

DATA_DIR = Path(settings.DATA_DIR)
LOOKUP = DATA_DIR / "authorities" / "uk_local_authorities.csv"
RA_2015 = DATA_DIR / "revenue-budget" / "RA_2015-16_data_by_LA.xls"
RA_2019 = DATA_DIR / "revenue-budget" / "RA_2019-20_data_by_LA.xlsx"
pytestmark = [
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"official data directory {DATA_DIR} is missing"),
    pytest.mark.django_db,
]
# The regions MHCLG's Region columns use, as the issue lists them.
PUBLISHED_CODES = {
    "NE": "North East",
    "NW": "North West",
    "YH": "Yorkshire and The Humber",
    "EM": "East Midlands",
    "WM": "West Midlands",
    "EE": "East of England",
    "L": "London",
    "SE": "South East",
    "SW": "South West",
}


def wipe():
    for model in (BudgetValue, BudgetLine, PopulationEstimate):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    for model in (Authority, ImportRun):
        model.objects.all()._raw_delete(connection.alias)


@pytest.fixture(scope="module")
def lookup_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        IMPORTERS["authorities"](LOOKUP)
        yield
        wipe()


def lookup_region(name: str) -> str:
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        return next(r["region"] for r in csv.DictReader(handle) if r["nice-name"] == name)


def region_of(name: str) -> tuple[str, str]:
    authority = Authority.objects.get(name=name, authority_type="CTY")
    return authority.region, authority.region_source


def regions_workbook(tmp_path: Path, year: str, regions: dict[str, str]) -> Path:
    """A small RA workbook for `year` whose Region column states `regions` ({E-code: label})."""
    codes = list(LINES)[:25]
    columns = [("ecode", "E-code"), ("name", "Local authority"), ("region", "Region"), ("class", "Class")]
    columns += [(code, f"Line {code}") for code in codes]
    rows = [
        {"ecode": ecode, "name": f"Council {ecode}", "region": label, "class": "SC", **{c: 1.0 for c in codes}}
        for ecode, label in regions.items()
    ]
    sheet = small_ra(f"Revenue Account Budget (RA) {year}: Revenue Account data", columns, rows)
    return write_xlsx(tmp_path / f"RA_{year}_regions.xlsx", {"Data": sheet})


def derbyshire_and_lincolnshire() -> dict[str, str]:
    return {
        a.ecode: a.name for a in Authority.objects.filter(name__in=["Derbyshire", "Lincolnshire"], authority_type="CTY")
    }


def test_the_lookup_gets_both_counties_wrong(lookup_loaded):
    # The premise of the issue: the lookup disagrees with the official files for these two.
    assert lookup_region("Derbyshire") != Region.EAST_MIDLANDS
    assert lookup_region("Lincolnshire") != Region.EAST_MIDLANDS
    assert region_of("Derbyshire")[0] == lookup_region("Derbyshire")
    assert region_of("Derbyshire")[1].startswith("Authority lookup")


def test_ra_region_wins_over_the_lookup_and_survives_a_lookup_reimport(lookup_loaded, tmp_path):
    counties = derbyshire_and_lincolnshire()
    path = regions_workbook(tmp_path, "2019-20", {ecode: "East Midlands" for ecode in counties})
    run = IMPORTERS["budget"](path).run
    for name in ("Derbyshire", "Lincolnshire"):
        assert region_of(name) == (Region.EAST_MIDLANDS, f"RA 2019-20 ({path.name})")
    disagreements = run.report["details"]["region_disagreements"]
    assert f"Derbyshire: lookup {lookup_region('Derbyshire')}, RA 2019-20 East Midlands; RA used" in disagreements
    assert f"Lincolnshire: lookup {lookup_region('Lincolnshire')}, RA 2019-20 East Midlands; RA used" in disagreements

    again = IMPORTERS["authorities"](LOOKUP, force=True).run
    for name in ("Derbyshire", "Lincolnshire"):
        assert region_of(name) == (Region.EAST_MIDLANDS, f"RA 2019-20 ({path.name})")
    kept = again.report["details"]["region_disagreements"]
    assert f"Derbyshire: lookup {lookup_region('Derbyshire')}, RA 2019-20 East Midlands; RA kept" in kept
    assert len(kept) == 2


def test_the_published_2015_16_region_codes_set_every_council(lookup_loaded):
    from benchmarks.importers.sheets import cell_text
    from tests.benchmarks.importers.ra_workbooks import published_sheet

    header, rows = published_sheet(RA_2015, "RA LA Data 2015-16 (1)")
    labels = [cell_text(c) for c in rows[header]]
    e_col, r_col = labels.index("E-code"), labels.index("Region")
    published = {cell_text(r[e_col]): cell_text(r[r_col]) for r in rows[header + 1 :] if cell_text(r[r_col])}
    run = IMPORTERS["budget"](RA_2015).run
    for name in ("Derbyshire", "Lincolnshire"):
        assert region_of(name) == (Region.EAST_MIDLANDS, "RA 2015-16 (RA_2015-16_data_by_LA.xls)")
    stored = dict(Authority.objects.filter(ecode__in=published).values_list("ecode", "region"))
    assert len(stored) > 400
    assert all(stored[e] == PUBLISHED_CODES[published[e]] for e in stored)
    assert len(run.report["details"]["region_disagreements"]) >= 2
    # The 2019-20 workbook states no region: importing it keeps the 2015-16 statement.
    IMPORTERS["budget"](RA_2019)
    assert region_of("Derbyshire") == (Region.EAST_MIDLANDS, "RA 2015-16 (RA_2015-16_data_by_LA.xls)")
    IMPORTERS["authorities"](LOOKUP, force=True)
    assert region_of("Lincolnshire")[0] == Region.EAST_MIDLANDS


def test_the_newest_official_statement_wins(lookup_loaded, tmp_path):
    counties = derbyshire_and_lincolnshire()
    newer = regions_workbook(tmp_path, "2019-20", {e: "EM" for e in counties})
    IMPORTERS["budget"](newer)
    older = regions_workbook(tmp_path, "2013-14", {e: "WM" for e in counties})
    run = IMPORTERS["budget"](older).run
    assert region_of("Derbyshire") == (Region.EAST_MIDLANDS, f"RA 2019-20 ({newer.name})")
    assert any(
        item.startswith("Derbyshire: RA 2013-14 West Midlands")
        for item in run.report["details"]["older_official_region_not_used"]
    )


def test_an_unknown_region_label_is_reported_not_guessed(lookup_loaded, tmp_path):
    ecode = next(e for e, name in derbyshire_and_lincolnshire().items() if name == "Derbyshire")
    before = region_of("Derbyshire")
    run = IMPORTERS["budget"](regions_workbook(tmp_path, "2019-20", {ecode: "Midlands"})).run
    assert region_of("Derbyshire") == before
    assert any("'Midlands'" in item for item in run.report["details"]["region_labels_not_recognised"])


def test_region_labels_as_published_map_to_the_nine_regions():
    for code, name in PUBLISHED_CODES.items():
        assert map_region(code) == name
        assert map_region(name.upper()) == name
    assert map_region("Yorkshire & the Humber") == Region.YORKSHIRE
    assert map_region("E12000004") == Region.EAST_MIDLANDS
    for unknown in ("Midlands", "North", "Wales", "E", ""):
        assert map_region(unknown) is None


def test_the_rs_2007_08_region_column_can_be_applied_without_the_outturn_parser(lookup_loaded):
    report = Report()
    changed = apply_workbook_regions(
        read_source(DATA_DIR / "revenue-outturn" / "RS_2007-08_data_by_LA.xls"), "RS", 2007, report
    )
    assert changed >= 2
    assert region_of("Derbyshire") == (Region.EAST_MIDLANDS, "RS 2007-08 (RS_2007-08_data_by_LA.xls)")
    assert region_of("Lincolnshire")[0] == Region.EAST_MIDLANDS
    assert "region_labels_not_recognised" not in report.details
