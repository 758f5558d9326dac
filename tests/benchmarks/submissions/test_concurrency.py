"""Two officers saving the same submission at once, on real PostgreSQL connections.

SQLite serialises whole-database writes and our in-memory test database cannot be shared
between threads, so these tests only mean something on PostgreSQL.
"""

import threading
import time

import pytest
from django.db import connection, connections

from benchmarks.submissions import services
from benchmarks.submissions.models import Submission, SubmissionEvent
from benchmarks.submissions.selectors import submission_figures
from tests.members.factories import AuthorityFactory

from .factories import SubmissionFactory, officer_of
from .grids import as_text, consistent_grid

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent transactions on separate connections (set DATABASE_URL)",
    ),
]


@pytest.fixture
def setup():
    council = AuthorityFactory()
    return (
        SubmissionFactory(council=council),
        officer_of(council, display_name="Ada"),
        officer_of(council, display_name="Bea"),
    )


def run_in_thread(target, results, key):
    def wrapper():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - the test inspects whatever happened
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=wrapper)
    thread.start()
    return thread


def test_the_second_writer_waits_for_the_first_then_is_told_and_nothing_is_lost(setup):
    from django.db import transaction

    submission, ada, bea = setup
    ada_grid, bea_grid = consistent_grid(scale=2), consistent_grid(scale=3)
    ada_saved, bea_started = threading.Event(), threading.Event()
    results = {}

    def ada_saves():
        with transaction.atomic():
            saved = services.save_figures(
                Submission.objects.get(pk=submission.pk),
                raw=as_text(ada_grid),
                explanations={},
                expected_version=1,
                user=ada,
            )
            ada_saved.set()
            bea_started.wait(10)
            time.sleep(0.5)  # Bea's UPDATE is now waiting on the row lock Ada holds
        return saved

    def bea_saves():
        ada_saved.wait(10)
        bea_started.set()
        started = time.monotonic()
        try:
            return services.save_figures(
                Submission.objects.get(pk=submission.pk),
                raw=as_text(bea_grid),
                explanations={},
                expected_version=1,
                user=bea,
            )
        finally:
            results["bea_waited"] = time.monotonic() - started

    threads = [run_in_thread(ada_saves, results, "ada"), run_in_thread(bea_saves, results, "bea")]
    for thread in threads:
        thread.join(30)

    assert isinstance(results["ada"], Submission), results["ada"]
    assert isinstance(results["bea"], services.StaleSubmission), results["bea"]
    assert results["bea_waited"] >= 0.3  # she really was blocked by Ada's transaction
    assert "Ada changed this submission" in results["bea"].message
    values, _ = submission_figures(submission)
    assert values == ada_grid  # Ada's save is intact, not half-overwritten by Bea's
    submission.refresh_from_db()
    assert submission.version == 2
    assert SubmissionEvent.objects.filter(submission=submission, action="saved").count() == 1


@pytest.mark.parametrize("round_number", range(5))
def test_simultaneous_saves_exactly_one_wins(setup, round_number):
    submission, ada, bea = setup
    grids = {"ada": consistent_grid(scale=2), "bea": consistent_grid(scale=3)}
    barrier = threading.Barrier(2)
    results = {}

    def saver(name, user):
        def save():
            current = Submission.objects.get(pk=submission.pk)
            barrier.wait(10)
            return services.save_figures(
                current, raw=as_text(grids[name]), explanations={}, expected_version=1, user=user
            )

        return save

    threads = [run_in_thread(saver("ada", ada), results, "ada"), run_in_thread(saver("bea", bea), results, "bea")]
    for thread in threads:
        thread.join(30)

    winners = [name for name, result in results.items() if isinstance(result, Submission)]
    losers = [name for name, result in results.items() if isinstance(result, services.StaleSubmission)]
    assert len(winners) == 1 and len(losers) == 1, results
    values, _ = submission_figures(submission)
    assert values == grids[winners[0]]
    submission.refresh_from_db()
    assert submission.version == 2
    assert SubmissionEvent.objects.filter(submission=submission, action="saved").count() == 1


def test_certify_and_edit_at_once_cannot_both_happen(setup):
    submission, ada, bea = setup
    submission = services.save_figures(
        submission, raw=as_text(consistent_grid()), explanations={}, expected_version=1, user=ada, submit=True
    )
    version = submission.version
    barrier = threading.Barrier(2)
    results = {}

    def certify():
        current = Submission.objects.get(pk=submission.pk)
        barrier.wait(10)
        return services.certify_submission(current, expected_version=version, user=bea)

    def edit():
        current = Submission.objects.get(pk=submission.pk)
        barrier.wait(10)
        return services.save_figures(
            current,
            raw=as_text(consistent_grid(scale=2)),
            explanations={},
            expected_version=version,
            user=ada,
            reason="Late correction",
        )

    threads = [run_in_thread(certify, results, "certify"), run_in_thread(edit, results, "edit")]
    for thread in threads:
        thread.join(30)
    outcomes = sorted(type(result).__name__ for result in results.values())
    assert outcomes == ["StaleSubmission", "Submission"], results
    submission.refresh_from_db()
    values, _ = submission_figures(submission)
    if submission.status == "certified":
        assert values == consistent_grid()  # certified figures are exactly the submitted ones
    else:
        assert submission.status == "draft" and values == consistent_grid(scale=2)
