"""Who can see and change which submission, checked through the real URLs."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.submissions.models import SubmissionStatus, SubmissionValue
from tests.members.factories import AuthorityFactory, StaffFactory, UserFactory

from .factories import SubmissionFactory, fill, officer_of
from .grids import as_text, consistent_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_a():
    return AuthorityFactory(name="Aylesworth Council")


@pytest.fixture
def council_b():
    return AuthorityFactory(name="Brambleford Council")


@pytest.fixture
def officer_a(council_a):
    return officer_of(council_a)


@pytest.fixture
def officer_b(council_b):
    return officer_of(council_b)


def submission_of(council, status=SubmissionStatus.DRAFT, **kwargs):
    return fill(SubmissionFactory(council=council, status=status, **kwargs), consistent_grid())


def post_grid(client, submission, version=None, **extra):
    data = {f"v_{line}_{measure}": value for (line, measure), value in as_text(consistent_grid(2)).items()}
    data["version"] = submission.version if version is None else version
    data.update(extra)
    return client.post(reverse("submissions:edit", args=[submission.pk]), data)


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED])
def test_officer_of_b_cannot_see_or_change_a_unpublished_submission(client, council_a, officer_b, status):
    submission = submission_of(council_a, status=status)
    client.force_login(officer_b)
    for name in ("detail", "edit", "upload", "export"):
        assert client.get(reverse(f"submissions:{name}", args=[submission.pk])).status_code == 404, name
    assert client.get(reverse("submissions:template", args=[submission.pk, "csv"])).status_code == 404
    assert post_grid(client, submission).status_code == 404
    for action in ("submit", "certify", "publish"):
        response = client.post(reverse(f"submissions:{action}", args=[submission.pk]), {"version": submission.version})
        assert response.status_code == 404, action
    assert (
        SubmissionValue.objects.filter(submission=submission, service__code="190", measure="employees")
        .get()
        .value_thousands
        == 100
    )
    index = client.get(reverse("submissions:index"))
    assert "Aylesworth Council" not in index.content.decode()


def test_officer_of_a_can_see_and_change_their_own_draft(client, council_a, officer_a):
    submission = submission_of(council_a)
    client.force_login(officer_a)
    assert client.get(reverse("submissions:detail", args=[submission.pk])).status_code == 200
    assert client.get(reverse("submissions:edit", args=[submission.pk])).status_code == 200
    response = post_grid(client, submission)
    assert response.status_code == 302
    assert (
        SubmissionValue.objects.get(submission=submission, service__code="190", measure="employees").value_thousands
        == 200
    )


def test_certified_figures_are_visible_to_officers_of_any_council_but_not_to_members_or_anonymous(
    client, council_a, officer_b
):
    submission = submission_of(council_a, status=SubmissionStatus.CERTIFIED)
    url = reverse("submissions:detail", args=[submission.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(officer_b)
    assert client.get(url).status_code == 200
    # visible, but not theirs to change
    assert client.get(reverse("submissions:edit", args=[submission.pk])).status_code == 403
    assert post_grid(client, submission).status_code == 403


def test_published_figures_are_public(client, council_a):
    submission = submission_of(council_a, status=SubmissionStatus.PUBLISHED)
    response = client.get(reverse("submissions:detail", args=[submission.pk]))
    assert response.status_code == 200
    assert client.get(reverse("submissions:export", args=[submission.pk])).status_code == 200
    assert "Aylesworth Council" in client.get(reverse("submissions:published")).content.decode()


def test_unverified_member_and_anonymous_cannot_start_or_edit(client, council_a):
    submission = submission_of(council_a)
    edit_url = reverse("submissions:edit", args=[submission.pk])
    response = client.get(edit_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("submissions:start"), {"year": "2023-24"}).status_code == 302
    member = UserFactory()
    client.force_login(member)
    assert client.get(edit_url).status_code == 404
    assert client.post(reverse("submissions:start"), {"year": "2023-24"}).status_code == 403
    assert post_grid(client, submission).status_code == 404
    assert submission.values.get(service__code="190", measure="employees").value_thousands == 100


def test_certification_by_a_second_officer_of_the_same_council(client, council_a, officer_a):
    submitter = officer_a
    submission = submission_of(council_a, status=SubmissionStatus.SUBMITTED, submitted_by=submitter)
    url = reverse("submissions:certify", args=[submission.pk])

    client.force_login(submitter)
    assert client.post(url, {"version": submission.version}).status_code == 403
    detail = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert "you cannot certify them yourself" in detail
    assert "Certify these figures" not in detail

    second = officer_of(council_a)
    client.force_login(second)
    assert "Certify these figures" in client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert client.post(url, {"version": submission.version}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CERTIFIED
    assert submission.certified_by == second


def test_staff_see_everything_and_publish_but_cannot_edit_or_certify(client, council_a, officer_a):
    draft = submission_of(council_a)
    certified = submission_of(AuthorityFactory(), status=SubmissionStatus.CERTIFIED)
    submitted = submission_of(AuthorityFactory(), status=SubmissionStatus.SUBMITTED, submitted_by=officer_a)
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(reverse("submissions:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("submissions:edit", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("submissions:certify", args=[submitted.pk]), {"version": submitted.version}).status_code
        == 403
    )
    assert (
        client.post(reverse("submissions:publish", args=[certified.pk]), {"version": certified.version}).status_code
        == 302
    )
    certified.refresh_from_db()
    assert certified.status == SubmissionStatus.PUBLISHED


def test_officers_cannot_publish(client, council_a, officer_a):
    certified = submission_of(council_a, status=SubmissionStatus.CERTIFIED)
    client.force_login(officer_a)
    assert (
        client.post(reverse("submissions:publish", args=[certified.pk]), {"version": certified.version}).status_code
        == 403
    )
    certified.refresh_from_db()
    assert certified.status == SubmissionStatus.CERTIFIED


def test_a_suspended_officer_loses_access(client, council_a, officer_a):
    from cop.members.models import Profile

    submission = submission_of(council_a)
    Profile.objects.filter(user=officer_a).update(suspended_until=timezone.now() + timedelta(days=30))
    client.force_login(officer_a)
    assert client.get(reverse("submissions:detail", args=[submission.pk])).status_code == 404


def test_only_staff_change_the_release_date(client, council_a, officer_a):
    submission = submission_of(council_a, status=SubmissionStatus.CERTIFIED)
    url = reverse("submissions:release_date", args=[submission.pk])
    client.force_login(officer_a)
    assert client.post(url, {"version": submission.version, "release_date": "2025-01-31"}).status_code == 403
    client.force_login(StaffFactory())
    assert client.post(url, {"version": submission.version, "release_date": "31/01/2025"}).status_code == 302
    submission.refresh_from_db()
    assert str(submission.release_date) == "2024-11-01"  # a malformed date changes nothing
    assert client.post(url, {"version": submission.version, "release_date": "2025-01-31"}).status_code == 302
    submission.refresh_from_db()
    assert str(submission.release_date) == "2025-01-31"


def test_posting_is_rate_limited_per_member(client, council_a, officer_a, monkeypatch):
    # django-ratelimit counts in fixed one-minute windows: hold the clock still so the
    # 61 posts cannot straddle a window boundary on a slow machine.
    frozen = time.time()
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: frozen)
    submission = submission_of(council_a)
    client.force_login(officer_a)
    url = reverse("submissions:submit", args=[submission.pk])
    responses = [client.post(url, {"version": "not-a-number"}) for _ in range(61)]
    assert [r.status_code for r in responses[:60]] == [302] * 60
    # The site's 429 page (cop.core.ratelimits), saying when to try again.
    assert responses[60].status_code == 429
    assert responses[60]["Retry-After"] == "60"
    assert "Try again in 1 minute." in responses[60].content.decode()
