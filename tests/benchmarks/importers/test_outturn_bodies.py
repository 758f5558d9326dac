"""Bodies in an outturn file: no usable ONS code means matching by E-code; a council nobody knows is
skipped and reported while the rest of the file loads. Built here, so no data directory is needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import ro
from benchmarks.importers.services import check_outturn, import_outturn
from benchmarks.models import Authority, OutturnReturn, OutturnValue
from tests.benchmarks.factories import AuthorityFactory

pytestmark = pytest.mark.django_db
LINES = ["190", "290", "330", "360", "390", "490", "509", "590", "599", "601", "602", "690", "698", "699"]


def rs_workbook(tmp_path: Path, bodies: list[tuple[str, str, str, str]]) -> Path:
    """A one-sheet RS workbook for 2019-20 in the published layout (line numbers above the headings)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "RS_LA_Data_2019-20"
    sheet.append(["Revenue Outturn (RO) 2019-20: Revenue Outturn Summary (RS) data"])
    sheet.append(["Net current expenditure (£ thousand)"])
    sheet.append([None] * 4 + [int(line) for line in LINES])
    headings = [ro.SERVICE_BY_KEY[line].name for line in LINES]
    sheet.append(["E-code", "ONS Code", "Local authority", "Class", *headings])
    for n, (ecode, ons, name, ro_class) in enumerate(bodies):
        sheet.append([ecode, ons, name, ro_class, *[100 * (n + 1) + i for i in range(len(LINES))]])
    sheet.append(["ENG", None, "ENGLAND", None, *[0] * len(LINES)])
    path = tmp_path / "RS_2019-20_data_by_LA.xlsx"
    book.save(path)
    return path


def test_no_ons_code_matches_by_ecode_and_an_unknown_council_is_skipped_while_the_rest_loads(tmp_path):
    adur = AuthorityFactory(ecode="E3831", gss_code="E07000223", name="Adur", authority_type="NMD")
    fire = AuthorityFactory(ecode="E6143", gss_code=None, name="Somewhere Fire Authority", authority_type="O")
    path = rs_workbook(
        tmp_path,
        [
            ("E3831", "E07000223", "Adur", "SD"),
            ("E6143", "n/a", "Somewhere Fire Authority", "O"),
            ("E6199", "N/A", "New Fire Authority", "O"),
            ("E9999", "-", "Nowhere District", "SD"),
        ],
    )
    result = import_outturn(path)

    loaded = set(OutturnReturn.objects.filter(year=2019).values_list("authority__ecode", flat=True))
    assert loaded == {"E3831", "E6143", "E6199"}
    assert Authority.objects.filter(ecode="E6143").get() == fire  # matched by E-code, not added again
    assert Authority.objects.get(ecode="E6199").authority_type == "O"  # another body of class O: added
    assert not Authority.objects.filter(ecode="E9999").exists()
    report = result.run.report
    assert report["counts"]["unknown_bodies_skipped"] == 1
    assert report["details"]["unknown_bodies_skipped"][0].startswith("E9999 Nowhere District (class SD)")
    assert any("'n/a'" in item for item in report["details"]["no_ons_code"])
    adur_education = OutturnValue.objects.get(year=2019, authority=adur, service__code="190")
    assert adur_education.value_thousands == 100
    assert check_outturn(path) == []  # the skipped council is the only row not stored, and it is listed


def test_an_ons_code_that_is_not_a_placeholder_is_still_refused(tmp_path):
    from benchmarks.importers.base import OfficialDataError

    AuthorityFactory(ecode="E3831", gss_code="E07000223", name="Adur", authority_type="NMD")
    path = rs_workbook(tmp_path, [("E3831", "E0700022X", "Adur", "SD")])
    with pytest.raises(OfficialDataError, match="is not an ONS"):
        import_outturn(path)
    assert not OutturnReturn.objects.exists()
