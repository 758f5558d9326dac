import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from cop.core.exports import csv_response, safe_cell, xlsx_response

DANGEROUS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "|calc"]


def test_text_that_a_spreadsheet_would_execute_is_escaped():
    for value in DANGEROUS:
        assert safe_cell(value).startswith("'")
    assert safe_cell(Decimal("-12.5")) == Decimal("-12.5")
    assert safe_cell("Kent") == "Kent"


def test_csv_download_has_no_formula_cells():
    response = csv_response("x.csv", ["name", "value"], [[v, Decimal("1.5")] for v in DANGEROUS])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "value"]
    assert len(rows) == 1 + len(DANGEROUS)  # every row written, so the loop below checks each one
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    for row in rows[1:]:
        assert row[0].startswith("'")
        assert row[1] == "1.5"


def test_xlsx_download_has_no_formula_cells():
    response = xlsx_response("x.xlsx", ["name", "value"], [[v, Decimal("-1.5")] for v in DANGEROUS])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["name", "value"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["'" + value for value in DANGEROUS]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        assert row[0].startswith("'")
        assert row[1] == -1.5
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
