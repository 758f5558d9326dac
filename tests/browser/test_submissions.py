"""An officer fills the RO-style form, makes a sum error, fixes it from the error summary, submits;
a colleague certifies. Every page visited is checked with axe."""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.benchmarks.submissions.grids import consistent_grid
from tests.members.factories import AuthorityFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council(db):
    from benchmarks.services import ensure_services

    ensure_services()  # transactional tests flush the migration-seeded RO lines
    return AuthorityFactory(name="Testshire County Council", authority_type="CTY")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_officer_fixes_a_sum_error_from_the_error_summary_and_submits(
    page, live_server, home_page, council, assert_accessible
):
    officer = VerifiedOfficerFactory(council=council, display_name="Ada Officer")
    sign_in(page, live_server, officer)

    page.goto("/benchmarking/submissions/")
    assert page.locator("h1").inner_text() == "Benchmarking club"
    assert_accessible(page)
    page.get_by_label("Start or continue a submission for").select_option(index=1)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/benchmarking/submissions/\d+/edit/$"))
    assert "Your council's figures for" in page.locator("h1").inner_text()
    assert_accessible(page)

    grid = consistent_grid()
    for (line, measure), value in grid.items():
        typed = "1" if (line, measure) == ("290", "total_expenditure") else str(value)
        page.locator(f"#v_{line}_{measure}").fill(typed)
    # Inputs are reachable by their labels, which name the line, the measure and the units.
    assert page.get_by_label("Adult social care (line 360): Employees (C1), £ thousand").input_value() == "400"
    page.get_by_role("button", name="Save and submit for certification").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert "Highways and transport services (line 290): Total expenditure (C3) is 1" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    summary.get_by_role("link", name=re.compile(r"line 290\): Total expenditure")).first.click()
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "v_290_total_expenditure"
    assert page.locator("#v_290_total_expenditure").input_value() == "1"  # their input was kept
    assert page.locator("#v_190_employees").input_value() == "100"
    page.locator("#v_290_total_expenditure").fill(str(grid[("290", "total_expenditure")]))
    page.get_by_label("Why are you making this change? (optional)").fill("Figures from the closed ledger")
    page.get_by_role("button", name="Save and submit for certification").click()

    page.wait_for_url(re.compile(r"/benchmarking/submissions/\d+/$"))
    assert "saved and submitted" in page.locator(".govuk-notification-banner").inner_text()
    assert "Submitted for certification" in page.locator(".govuk-summary-list").first.inner_text()
    assert "you cannot certify them yourself" in page.locator("main").inner_text()
    assert_accessible(page)
    detail_url = page.url

    # A second officer of the same council certifies.
    page.context.clear_cookies()
    sign_in(page, live_server, VerifiedOfficerFactory(council=council, display_name="Bea Colleague"))
    page.goto(detail_url)
    page.get_by_role("button", name="Certify these figures").click()
    page.wait_for_url(detail_url)
    assert "Certified" in page.locator(".govuk-notification-banner").inner_text()
    history = page.locator("table", has_text="Every version of this submission").inner_text()
    assert "Bea Colleague" in history and "Figures from the closed ledger" in history
    assert_accessible(page)


def test_upload_page_reports_a_bad_file_accessibly(page, live_server, home_page, council, assert_accessible, tmp_path):
    from tests.benchmarks.submissions.factories import SubmissionFactory

    submission = SubmissionFactory(council=council)
    sign_in(page, live_server, VerifiedOfficerFactory(council=council))
    page.goto(f"/benchmarking/submissions/{submission.pk}/upload/")
    assert_accessible(page)
    bad = tmp_path / "figures.csv"
    bad.write_text("Financial year,RO line\n2023-24,=cmd|' /C calc'!A0\n")
    page.get_by_label("Upload your completed template").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Missing columns" in summary.inner_text()
    assert_accessible(page)


def test_published_page_is_accessible(page, live_server, home_page, council, assert_accessible):
    from benchmarks.submissions.models import SubmissionStatus
    from tests.benchmarks.submissions.factories import YEAR, SubmissionFactory, fill, official_outturn

    fill(SubmissionFactory(council=council, status=SubmissionStatus.PUBLISHED), consistent_grid())
    official_outturn(council, YEAR, consistent_grid(scale=2))
    page.goto("/benchmarking/submissions/published/")
    assert "Testshire County Council" in page.locator("table").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Testshire County Council").click()
    assert "Source: Official outturn" in page.locator("main").inner_text()
    assert "Council submission beside official outturn" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Show the council's submitted figures").click()
    assert "Source: Council submission" in page.locator("main").inner_text()
    assert_accessible(page)
