from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from benchmarks.submissions import services
from benchmarks.submissions.models import Submission, SubmissionEvent, SubmissionStatus, SubmissionValue
from benchmarks.submissions.selectors import submission_figures
from cop.core.errors import NotPermitted
from tests.members.factories import AuthorityFactory, StaffFactory, UserFactory

from .factories import YEAR, SubmissionFactory, fill, officer_of, official_outturn
from .grids import as_text, consistent_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return AuthorityFactory(name="Testshire County Council", authority_type="CTY")


@pytest.fixture
def officer(council):
    return officer_of(council, display_name="Ada Officer")


@pytest.fixture
def colleague(council):
    return officer_of(council, display_name="Bea Colleague")


def save(submission, user, grid=None, **kwargs):
    kwargs.setdefault("explanations", {})
    return services.save_figures(
        submission, raw=as_text(grid or consistent_grid()), expected_version=submission.version, user=user, **kwargs
    )


def test_start_creates_one_draft_per_council_and_year_with_an_event(council, officer, colleague):
    submission, created = services.start_submission(council, "2023-24", officer)
    again, created_again = services.start_submission(council, YEAR, colleague)
    assert created and not created_again
    assert again.pk == submission.pk
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.release_date == date(2024, 11, 1)
    assert [event.action for event in submission.events.all()] == ["created"]


def test_start_refuses_officers_of_other_councils_and_plain_members(council):
    with pytest.raises(NotPermitted):
        services.start_submission(council, YEAR, officer_of(AuthorityFactory()))
    with pytest.raises(NotPermitted):
        services.start_submission(council, YEAR, UserFactory())


def test_saving_writes_every_figure_bumps_the_version_and_records_who_what_why(council, officer):
    submission = SubmissionFactory(council=council)
    saved = save(submission, officer, reason="First draft from the ledger")
    assert saved.version == 2
    assert saved.updated_by == officer
    values, _ = submission_figures(saved)
    assert values == consistent_grid()
    event = saved.events.get(version=2)
    assert event.action == "saved"
    assert event.actor == officer
    assert event.reason == "First draft from the ledger"
    assert len(event.changes) == 98
    assert {"line": "190", "measure": "employees", "old": None, "new": "100"} in event.changes


def test_a_second_save_records_old_and_new_values_only_for_changed_cells(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer)
    grid = consistent_grid()
    grid[("190", "employees")] += 7
    grid[("190", "total_expenditure")] += 7
    grid[("190", "net_current_expenditure")] += 7
    for measure in ("employees", "total_expenditure", "net_current_expenditure"):
        grid[("699", measure)] += 7
    updated = save(submission, colleague, grid, reason="Late payroll accrual")
    event = updated.events.get(version=3)
    assert event.actor == colleague
    assert {"line": "190", "measure": "employees", "old": "100", "new": "107"} in event.changes
    assert len(event.changes) == 6
    assert "Line 190 Employees (C1): 100 → 107" in event.change_lines
    assert (
        SubmissionValue.objects.get(submission=updated, service__code="190", measure="employees").value_thousands == 107
    )


def test_invalid_figures_write_nothing(council, officer):
    submission = SubmissionFactory(council=council)
    grid = as_text(consistent_grid())
    grid[("290", "total_income")] = "999999"
    with pytest.raises(services.InvalidFigures) as invalid:
        services.save_figures(submission, raw=grid, explanations={}, expected_version=1, user=officer)
    assert invalid.value.report.errors
    submission.refresh_from_db()
    assert submission.version == 1
    assert not SubmissionValue.objects.exists()
    assert not SubmissionEvent.objects.filter(action="saved").exists()


def test_stale_version_is_refused_and_nothing_is_lost_or_written(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer)  # now version 2
    grid = consistent_grid(scale=2)
    with pytest.raises(services.StaleSubmission) as stale:
        services.save_figures(submission, raw=as_text(grid), explanations={}, expected_version=1, user=colleague)
    assert "Ada Officer changed this submission" in stale.value.message
    assert stale.value.current.version == 2
    values, _ = submission_figures(submission)
    assert values == consistent_grid()


def test_submitting_needs_explanations_for_flagged_figures(council, officer):
    last_year = consistent_grid()
    last_year[("360", "employees")] = Decimal(100)  # this year 400: up 300%
    official_outturn(council, YEAR.previous(), last_year)
    submission = SubmissionFactory(council=council)
    with pytest.raises(services.InvalidFigures) as invalid:
        save(submission, officer, submit=True)
    assert [p.field for p in invalid.value.report.missing_explanations] == ["explain_360_employees"]
    assert not SubmissionValue.objects.exists()

    submitted = save(
        submission,
        officer,
        submit=True,
        explanations={("360", "employees"): "In-house care team brought back from a contractor"},
    )
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert submitted.submitted_by == officer
    assert SubmissionValue.objects.get(service__code="360", measure="employees").explanation.startswith("In-house")
    assert [e.action for e in submitted.events.order_by("version")] == ["saved", "submitted"]


def test_figures_far_from_similar_councils_need_explaining(council):
    for scale in range(1, 8):  # county figures at 1x..7x: median 4x, MAD 2x
        official_outturn(AuthorityFactory(authority_type="CTY"), 2022, consistent_grid(scale=scale))
    official_outturn(AuthorityFactory(authority_type="UA"), 2022, consistent_grid(scale=500))  # other type: ignored
    official_outturn(AuthorityFactory(authority_type="CTY"), 2021, consistent_grid(scale=900))  # older year: ignored
    typical = services.validate_for(SubmissionFactory(council=council), consistent_grid(scale=10))  # 3 MADs: fine
    assert typical.flags == []
    unusual = services.validate_for(
        SubmissionFactory(council=AuthorityFactory(authority_type="CTY")), consistent_grid(scale=20)
    )
    flagged = {(flag.line, flag.measure) for flag in unusual.flags}
    assert ("190", "employees") in flagged
    assert len(flagged) == 98
    assert "8.0 median absolute deviations" in unusual.flags[0].reasons[-1]


def test_changing_submitted_figures_needs_a_reason_and_returns_them_to_draft(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer, submit=True)
    grid = consistent_grid()
    grid[("690", "other_income")] += 1  # within £1k of its totals: still valid
    with pytest.raises(NotPermitted):
        save(submission, colleague, grid)
    returned = save(submission, colleague, grid, reason="Corrected a rounding slip")
    assert returned.status == SubmissionStatus.DRAFT
    assert returned.submitted_by is None
    assert returned.events.get(version=returned.version).action == "returned"


def test_certification_needs_a_second_officer_of_the_same_council(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer, submit=True)
    with pytest.raises(NotPermitted):
        services.certify_submission(submission, expected_version=submission.version, user=officer)
    with pytest.raises(NotPermitted):
        services.certify_submission(
            submission, expected_version=submission.version, user=officer_of(AuthorityFactory())
        )
    with pytest.raises(NotPermitted):
        services.certify_submission(submission, expected_version=submission.version, user=StaffFactory())
    certified = services.certify_submission(submission, expected_version=submission.version, user=colleague)
    assert certified.status == SubmissionStatus.CERTIFIED
    assert certified.certified_by == colleague
    with pytest.raises(NotPermitted):
        save(certified, officer)  # certified figures are locked


def test_publication_on_the_release_date_by_command(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer, submit=True)
    submission = services.certify_submission(submission, expected_version=submission.version, user=colleague)
    not_due = SubmissionFactory(council=AuthorityFactory(), status="certified", release_date=date(2030, 1, 1))
    out = StringIO()
    call_command("publish_due_submissions", "--today", "2024-10-31", stdout=out)
    assert "0 submission(s) published" in out.getvalue()
    call_command("publish_due_submissions", "--today", "2024-11-01", stdout=out)
    submission.refresh_from_db()
    not_due.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.published_at is not None
    assert not_due.status == SubmissionStatus.CERTIFIED
    event = submission.events.get(action="published")
    assert event.actor is None and event.reason == "Released on the release date"
    call_command("publish_due_submissions", "--today", "2024-11-02", stdout=out)  # running again changes nothing
    assert Submission.objects.filter(status="published").count() == 1


def test_staff_can_publish_early_but_officers_cannot(council, officer, colleague):
    submission = save(SubmissionFactory(council=council), officer, submit=True)
    submission = services.certify_submission(submission, expected_version=submission.version, user=colleague)
    with pytest.raises(NotPermitted):
        services.publish_submission(submission, expected_version=submission.version, user=colleague)
    published = services.publish_submission(submission, expected_version=submission.version, user=StaffFactory())
    assert published.status == SubmissionStatus.PUBLISHED


def test_the_audit_trail_lists_every_version_in_order(council, officer, colleague):
    submission, _ = services.start_submission(council, YEAR, officer)
    submission = save(submission, officer, submit=True)
    submission = services.certify_submission(submission, expected_version=submission.version, user=colleague)
    submission = services.publish_submission(submission, expected_version=submission.version, user=StaffFactory())
    events = list(submission.events.order_by("version"))
    assert [(e.version, e.action) for e in events] == [
        (1, "created"),
        (2, "saved"),
        (3, "submitted"),
        (4, "certified"),
        (5, "published"),
    ]
    assert submission.version == 5


def test_fill_helper_matches_service_storage(council):
    # guards the test helper itself against drifting from what services write
    submission = fill(SubmissionFactory(council=council), consistent_grid())
    assert submission_figures(submission)[0] == consistent_grid()


def test_staff_change_the_release_date_with_an_audited_event(council, officer):
    submission = SubmissionFactory(council=council)
    with pytest.raises(NotPermitted):
        services.set_release_date(submission, release_date=date(2025, 1, 31), expected_version=1, user=officer)
    staff = StaffFactory()
    moved = services.set_release_date(
        submission, release_date=date(2025, 1, 31), expected_version=1, user=staff, reason="Club meeting moved"
    )
    assert moved.release_date == date(2025, 1, 31)
    event = moved.events.get(action="release")
    assert event.actor == staff and event.reason == "Club meeting moved"
    assert event.change_lines == ["Release date: 2024-11-01 → 2025-01-31"]
    with pytest.raises(services.StaleSubmission):
        services.set_release_date(submission, release_date=date(2025, 2, 1), expected_version=1, user=staff)


def test_submitting_emails_the_other_officers_of_the_council_only(
    council, officer, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    officer_of(AuthorityFactory())  # another council's officer: not told
    UserFactory()  # a plain member: not told
    with django_capture_on_commit_callbacks(execute=True):
        save(SubmissionFactory(council=council), officer, submit=True)
    assert [message.to for message in mailoutbox] == [[colleague.email]]
    assert "Testshire County Council 2023-24 figures need certifying" in mailoutbox[0].subject
    assert "/benchmarking/submissions/" in mailoutbox[0].body
