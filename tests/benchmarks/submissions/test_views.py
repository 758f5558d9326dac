import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.submissions.models import Submission, SubmissionEvent, SubmissionStatus, SubmissionValue
from benchmarks.submissions.spreadsheets import TEMPLATE_HEADER
from tests.members.factories import AuthorityFactory

from .corpus import cell_problem_files, good_rows, rejected_files, to_csv, to_xlsx
from .factories import YEAR, SubmissionFactory, fill, officer_of, official_outturn
from .grids import as_text, consistent_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return AuthorityFactory(name="Testshire County Council")


@pytest.fixture
def officer(council):
    return officer_of(council, display_name="Ada Officer")


@pytest.fixture
def submission(council):
    return SubmissionFactory(council=council)


def grid_post(grid, version, **extra):
    data = {f"v_{line}_{measure}": value for (line, measure), value in as_text(grid).items()}
    data["version"] = version
    data.update(extra)
    return data


def database_state():
    return (
        list(Submission.objects.values_list("pk", "version", "status").order_by("pk")),
        list(
            SubmissionValue.objects.values_list(
                "submission_id", "service_id", "measure", "value_thousands", "explanation"
            ).order_by("pk")
        ),
        SubmissionEvent.objects.count(),
    )


def test_the_form_has_a_labelled_input_for_every_cell_and_states_units(client, officer, submission):
    client.force_login(officer)
    html = client.get(reverse("submissions:edit", args=[submission.pk])).content.decode()
    inputs = re.findall(r'<input class="govuk-input[^>]*id="(v_[^"]+)"', html)
    assert len(inputs) == 98
    for field in inputs:
        assert f'<label class="govuk-label govuk-visually-hidden" for="{field}">' in html
    assert 'for="v_330_employees">Children&#x27;s social care (line 330): Employees (C1), £ thousand</label>' in html
    assert "£ thousand" in html
    assert '<th scope="row" class="govuk-table__header">699 Total service expenditure</th>' in html
    assert "<caption" in html


def test_a_sum_error_is_listed_in_the_error_summary_linked_to_its_cell_and_nothing_is_saved(
    client, officer, submission
):
    client.force_login(officer)
    grid = as_text(consistent_grid())
    grid[("290", "total_expenditure")] = "1"
    grid[("190", "employees")] = "lots"
    before = database_state()
    response = client.post(reverse("submissions:edit", args=[submission.pk]), grid_post(grid, 1))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert 'href="#v_290_total_expenditure"' in html
    assert 'href="#v_190_employees"' in html
    assert "Highways and transport services (line 290): Total expenditure (C3) is 1 but" in html
    # what they typed comes back, wrong values included
    assert (
        'id="v_190_employees" name="v_190_employees" type="text" inputmode="decimal" spellcheck="false" autocomplete="off" value="lots"'
        in html
    )
    assert 'aria-describedby=" v_190_employees-error"' in html or 'v_190_employees-error"' in html
    assert database_state() == before


def test_save_and_submit_from_the_form(client, officer, submission):
    client.force_login(officer)
    response = client.post(
        reverse("submissions:edit", args=[submission.pk]),
        grid_post(consistent_grid(), 1, action="submit", reason="Figures from the closed ledger"),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert "Figures from the closed ledger" in detail
    assert "Submitted for certification" in detail


def test_flagged_figures_ask_for_an_explanation_before_submission(client, council, officer, submission):
    last_year = consistent_grid()
    last_year[("599", "other_income")] = 1  # this year 45: a new income stream
    official_outturn(council, YEAR.previous(), last_year)
    client.force_login(officer)
    url = reverse("submissions:edit", args=[submission.pk])
    response = client.post(url, grid_post(consistent_grid(), 1, action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#explain_599_other_income"' in html
    assert '<textarea class="govuk-textarea govuk-textarea--error" id="explain_599_other_income"' in html
    assert "up 4400% on last year" in html
    assert not SubmissionValue.objects.exists()

    # a draft may be saved with the flag unexplained…
    assert client.post(url, grid_post(consistent_grid(), 1)).status_code == 302
    # …but submitting needs the explanation
    response = client.post(
        url,
        grid_post(consistent_grid(), 2, action="submit", explain_599_other_income="New pre-application advice charges"),
    )
    assert response.status_code == 302
    value = SubmissionValue.objects.get(service__code="599", measure="other_income")
    assert value.explanation == "New pre-application advice charges"


def test_a_stale_save_is_refused_with_the_input_shown_back_and_the_other_save_kept(
    client, council, officer, submission
):
    colleague = officer_of(council, display_name="Bea Colleague")
    client.force_login(colleague)
    assert (
        client.post(reverse("submissions:edit", args=[submission.pk]), grid_post(consistent_grid(), 1)).status_code
        == 302
    )

    client.force_login(officer)  # Ada opened the form at version 1, before Bea saved
    mine = consistent_grid(scale=3)
    response = client.post(reverse("submissions:edit", args=[submission.pk]), grid_post(mine, 1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Bea Colleague changed this submission" in html
    assert 'value="300"' in html  # Ada's own figure for 190 employees, not lost
    assert "Saved now: 100" in html  # Bea's figure beside it
    assert 'name="version" value="2"' in html  # saving again is now a deliberate overwrite
    assert SubmissionValue.objects.get(service__code="190", measure="employees").value_thousands == 100

    response = client.post(reverse("submissions:edit", args=[submission.pk]), grid_post(mine, 2))
    assert response.status_code == 302
    assert SubmissionValue.objects.get(service__code="190", measure="employees").value_thousands == 300


@pytest.mark.parametrize(("case", "name", "data", "fragment"), rejected_files(), ids=[c[0] for c in rejected_files()])
def test_bad_uploads_get_a_clear_message_and_change_nothing(client, officer, submission, case, name, data, fragment):
    fill(submission, consistent_grid())
    client.force_login(officer)
    before = database_state()
    response = client.post(
        reverse("submissions:upload", args=[submission.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file could not be used" in html
    assert fragment in html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    assert 'href="#id_file"' in html
    assert database_state() == before


@pytest.mark.parametrize(
    ("case", "name", "data", "field", "fragment"), cell_problem_files(), ids=[c[0] for c in cell_problem_files()]
)
def test_uploads_with_bad_figures_are_previewed_with_every_problem_and_change_nothing(
    client, officer, submission, case, name, data, field, fragment
):
    client.force_login(officer)
    before = database_state()
    response = client.post(
        reverse("submissions:upload", args=[submission.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been saved yet" in html
    assert f'href="#{field}"' in html
    assert database_state() == before


def test_upload_without_a_file_is_an_error(client, officer, submission):
    client.force_login(officer)
    response = client.post(reverse("submissions:upload", args=[submission.pk]), {})
    assert response.status_code == 400
    assert "Select a CSV or XLSX file to upload" in response.content.decode()


@pytest.mark.parametrize("builder,name", [(to_csv, "ours.csv"), (to_xlsx, "ours.xlsx")])
def test_a_good_upload_is_previewed_then_saved_only_when_confirmed(client, officer, submission, builder, name):
    client.force_login(officer)
    response = client.post(
        reverse("submissions:upload", args=[submission.pk]), {"file": SimpleUploadedFile(name, builder(good_rows()))}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" not in html
    assert f'name="uploaded_file" value="{name}"' in html
    assert not SubmissionValue.objects.exists()
    confirm = grid_post(consistent_grid(), 1, uploaded_file=name)
    assert client.post(reverse("submissions:edit", args=[submission.pk]), confirm).status_code == 302
    assert SubmissionValue.objects.count() == 98
    event = SubmissionEvent.objects.get(submission=submission, version=2)
    assert event.action == "uploaded" and event.reason == f"Uploaded {name}"


def test_template_is_prefilled_with_last_years_official_figures(client, council, officer, submission):
    last_year = consistent_grid(scale=7)
    official_outturn(council, YEAR.previous(), last_year)
    client.force_login(officer)
    response = client.get(reverse("submissions:template", args=[submission.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == TEMPLATE_HEADER
    assert rows[1][:4] == ["2023-24", "190", "Education services", "700"]
    assert len(rows) == 15

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("submissions:template", args=[submission.pk, "xlsx"])).content)
    )
    sheet = workbook.active
    assert sheet.cell(row=2, column=4).value == 700
    assert client.get(reverse("submissions:template", args=[submission.pk, "exe"])).status_code == 404


def test_exports_never_emit_formula_cells(client, council, officer):
    grid = consistent_grid()
    grid[("190", "employees")] = -grid[("190", "employees")]  # negative figures stay numbers
    submission = fill(
        SubmissionFactory(council=council),
        grid,
        explanations={
            ("190", "employees"): "=cmd|' /C calc'!A0",
            ("290", "employees"): "+SUM(1,2)",
            ("330", "employees"): "@risk",
        },
    )
    client.force_login(officer)
    response = client.get(reverse("submissions:export", args=[submission.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    for row in rows:
        for cell in row:
            if cell.startswith(("=", "+", "@", "\t", "\r")):
                pytest.fail(f"formula-like cell exported: {cell!r}")
    explanations = [row[-1] for row in rows[1:] if row[-1]]
    assert "'=cmd|' /C calc'!A0" in explanations
    assert any(row[-2] == "-100" for row in rows[1:])


def test_template_xlsx_never_contains_formula_cells(client, council, officer, submission):
    fill(submission, consistent_grid())
    client.force_login(officer)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("submissions:template", args=[submission.pk, "xlsx"])).content)
    )
    rows = list(workbook.active.iter_rows())
    # Positive control: the workbook holds the header and one row per line, with the saved figures
    # as numbers, so the check below looks at real cells.
    assert [cell.value for cell in rows[0]] == TEMPLATE_HEADER
    assert len(rows) == 15 and rows[1][1].value == "190" and isinstance(rows[1][3].value, int | float)
    for row in rows:
        for cell in row:
            assert cell.data_type != "f"


def test_detail_shows_official_outturn_by_default_and_the_submission_on_request(client, council):
    official = consistent_grid(scale=3)
    official_outturn(council, YEAR, official)
    submission = fill(SubmissionFactory(council=council, status=SubmissionStatus.PUBLISHED), consistent_grid())
    url = reverse("submissions:detail", args=[submission.pk])
    html = client.get(url).content.decode()
    assert "Source: <strong>Official outturn (MHCLG revenue outturn)</strong>" in html
    assert ">300<" in html  # official 190 employees
    html = client.get(url + "?source=council_submission").content.decode()
    assert "Source: <strong>Council submission" in html
    assert ">100<" in html
    # and both side by side for net current expenditure: 190 C7 is 135 submitted, 405 official
    side = html[html.index("Council submission beside official outturn") :]
    assert re.search(r"190 Education services</th>\s*<td[^>]*>405</td>\s*<td[^>]*>135</td>\s*<td[^>]*>-270</td>", side)


def test_detail_page_query_count_is_bounded(client, council, officer, django_assert_max_num_queries):
    submission = fill(SubmissionFactory(council=council), consistent_grid())
    client.force_login(officer)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("submissions:detail", args=[submission.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("submissions:edit", args=[submission.pk])).status_code == 200


def test_index_lets_an_officer_start_a_submission(client, council, officer):
    client.force_login(officer)
    html = client.get(reverse("submissions:index")).content.decode()
    assert "Start or continue a submission for" in html
    response = client.post(reverse("submissions:start"), {"year": "2023-24"})
    submission = Submission.objects.get(council=council)
    assert response["Location"] == reverse("submissions:edit", args=[submission.pk])
    assert client.post(reverse("submissions:start"), {"year": "1066-67"}).status_code == 302
    assert Submission.objects.count() == 1


def test_changing_submitted_figures_without_a_reason_is_an_error_on_the_reason_field(client, council, officer):
    submission = fill(
        SubmissionFactory(council=council, status=SubmissionStatus.SUBMITTED, submitted_by=officer), consistent_grid()
    )
    client.force_login(officer)
    before = database_state()
    response = client.post(reverse("submissions:edit", args=[submission.pk]), grid_post(consistent_grid(2), 1))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#reason"' in html
    assert '<p class="govuk-error-message" id="reason-error">' in html
    assert 'value="200"' in html  # their new figures are shown back
    assert database_state() == before


def test_an_incomplete_form_is_refused_without_saving(client, officer, submission):
    client.force_login(officer)
    data = grid_post(consistent_grid(), 1)
    del data["version"]
    response = client.post(reverse("submissions:edit", args=[submission.pk]), data)
    assert response.status_code == 400
    assert 'href="#submission-grid"' in response.content.decode()
    assert not SubmissionValue.objects.exists()
