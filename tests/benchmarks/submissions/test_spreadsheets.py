import csv
import io

import pytest
from openpyxl import load_workbook

from benchmarks.submissions.spreadsheets import TEMPLATE_HEADER, UploadRejected, read_upload, template_rows
from benchmarks.submissions.validation import LINE_CODES, validate_submission

from .corpus import YEAR, cell_problem_files, good_rows, rejected_files, to_csv, to_xlsx
from .grids import consistent_grid


def test_template_has_a_row_per_line_and_states_units():
    rows = template_rows(YEAR)
    assert [row[1] for row in rows] == LINE_CODES
    assert all(header.endswith("(£ thousand)") for header in TEMPLATE_HEADER[3:])
    assert all(value == "" for row in rows for value in row[3:])


@pytest.mark.parametrize("builder", [to_csv, to_xlsx], ids=["csv", "xlsx"])
def test_a_filled_template_reads_back_as_the_same_figures(builder):
    grid = read_upload(builder(good_rows()), YEAR)
    report = validate_submission(grid.raw)
    assert report.errors == []
    assert report.values == consistent_grid()
    assert grid.rows_read == len(LINE_CODES)


def test_cp1252_csv_from_excel_is_accepted():
    rows = good_rows()
    rows[3][2] = "Children’s social care – café"
    grid = read_upload(to_csv(rows, encoding="cp1252"), YEAR)
    assert validate_submission(grid.raw).errors == []


def test_title_rows_above_the_header_are_skipped():
    data = b"Our council figures,,\n\n" + to_csv(good_rows())
    assert validate_submission(read_upload(data, YEAR).raw).errors == []


@pytest.mark.parametrize(("case", "name", "data", "fragment"), rejected_files(), ids=[c[0] for c in rejected_files()])
def test_malformed_files_are_rejected_with_a_clear_message(case, name, data, fragment):
    with pytest.raises(UploadRejected) as rejected:
        read_upload(data, YEAR)
    assert any(fragment in problem for problem in rejected.value.problems), rejected.value.problems


def test_every_row_problem_is_listed_not_just_the_first():
    rows = good_rows()
    rows[2][1] = "291"
    rows[5][0] = "2019-20"
    rows.append(rows[1])
    with pytest.raises(UploadRejected) as rejected:
        read_upload(to_csv(rows), YEAR)
    assert len(rejected.value.problems) == 3


@pytest.mark.parametrize(
    ("case", "name", "data", "field", "fragment"), cell_problem_files(), ids=[c[0] for c in cell_problem_files()]
)
def test_bad_figures_are_reported_against_their_cell(case, name, data, field, fragment):
    grid = read_upload(data, YEAR)
    report = validate_submission(grid.raw)
    messages = report.errors_by_field().get(field, [])
    assert any(fragment in message for message in messages), report.errors_by_field()


def test_formula_cells_in_xlsx_are_never_evaluated():
    rows = good_rows()
    rows[1][3] = "=1+1"
    grid = read_upload(to_xlsx(rows), YEAR)
    assert grid.raw[("190", "employees")] == "=1+1"


def test_template_download_rows_survive_a_round_trip_through_csv():
    rows = [TEMPLATE_HEADER, *template_rows(YEAR, consistent_grid())]
    data = to_csv(rows)
    parsed = list(csv.reader(io.StringIO(data.decode())))
    assert parsed[0] == TEMPLATE_HEADER
    workbook = load_workbook(io.BytesIO(to_xlsx(rows)))
    assert workbook.active.cell(row=2, column=2).value == "190"


@pytest.mark.parametrize("year", ["2023/24", "2023–24", "2023-2024", " 2023-24 "])
def test_other_ways_of_writing_the_year_are_accepted(year):
    assert read_upload(to_csv(good_rows(year)), YEAR).rows_read == len(LINE_CODES)


@pytest.mark.parametrize("year", ["2023-25", "2023", "23-24", ""])
def test_years_that_are_not_this_financial_year_are_rejected(year):
    with pytest.raises(UploadRejected):
        read_upload(to_csv(good_rows(year)), YEAR)


def test_line_codes_saved_as_numbers_are_understood():
    rows = good_rows()
    for row in rows[1:]:
        row[1] = f"{row[1]}.0"
    grid = read_upload(to_csv(rows), YEAR)
    assert validate_submission(grid.raw).errors == []
