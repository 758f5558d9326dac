"""Asking to be verified as a council officer, and the moderators' queue that decides it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from cop.core.errors import Invalid, NotPermitted
from cop.members import services
from cop.members.models import CouncilEmailDomain, Profile, User, VerificationRequest
from cop.members.selectors import verified_council_for
from tests.members.factories import (
    AuthorityFactory,
    ModeratorFactory,
    StaffFactory,
    UserFactory,
    VerifiedOfficerFactory,
)

pytestmark = pytest.mark.django_db

ASK = "/members/me/verification/"
QUEUE = "/admin/members/verification/"


def council_of(user):
    """The verified council of the member as stored now (a fresh copy, not a cached profile)."""
    return verified_council_for(User.objects.get(pk=user.pk))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def council():
    return AuthorityFactory(name="Worcestershire County Council")


def test_the_benchmarking_club_leads_to_the_request_form(council):
    member = UserFactory()
    page = signed_in(member).get(reverse("submissions:index")).content.decode()
    assert f'href="{ASK}"' in page
    profile = signed_in(member).get(reverse("members:me"), follow=True).content.decode()
    assert "Ask to be verified as a council officer" in profile


def test_a_member_asks_and_the_request_waits_for_a_moderator(council):
    member = UserFactory()
    client = signed_in(member)
    response = client.post(
        ASK, {"council": council.pk, "role": "Head of Finance", "work_email": "sam@worcestershire.gov.uk"}
    )
    assert response.status_code == 302
    request = VerificationRequest.objects.get()
    assert (request.user, request.council, request.role, request.status) == (
        member,
        council,
        "Head of Finance",
        "pending",
    )
    assert council_of(member) is None
    page = client.get(reverse("members:me"), follow=True).content.decode()
    assert "A moderator will check it" in page
    # A second request while one waits saves nothing more.
    client.post(ASK, {"council": council.pk, "role": "Other", "work_email": "x@example.org"})
    assert VerificationRequest.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose the council you work for"),
        ({"role": "Officer", "work_email": "a@b.gov.uk"}, "Choose the council you work for"),
        ({"council": "COUNCIL", "work_email": "a@b.gov.uk"}, "Enter your job title or role"),
        ({"council": "COUNCIL", "role": "   ", "work_email": "a@b.gov.uk"}, "Enter your job title or role"),
        ({"council": "COUNCIL", "role": "Officer"}, "Enter your work email address"),
        (
            {"council": "COUNCIL", "role": "Officer", "work_email": "not an email"},
            "Enter an email address in the correct format",
        ),
        ({"council": "999999", "role": "Officer", "work_email": "a@b.gov.uk"}, "Choose a council from the list"),
        (
            {"council": "COUNCIL", "role": "<script>alert(1)</script>", "work_email": "a@b.gov.uk"},
            "without &lt; or &gt;",
        ),
        ({"council": "COUNCIL", "role": "x" * 151, "work_email": "a@b.gov.uk"}, "150 characters or fewer"),
    ],
)
def test_bad_answers_show_the_error_summary_and_save_nothing(council, data, message):
    data = {name: (str(council.pk) if value == "COUNCIL" else value) for name, value in data.items()}
    response = signed_in(UserFactory()).post(ASK, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in page and message in page
    assert "<script>alert(1)</script>" not in page
    assert VerificationRequest.objects.count() == 0


def test_an_allow_listed_address_already_confirmed_verifies_at_once(council):
    CouncilEmailDomain.objects.create(authority=council, domain="worcestershire.gov.uk")
    member = UserFactory(username="sam", email="sam@worcestershire.gov.uk")
    Profile.objects.filter(user=member).update(verified_council=None)
    response = signed_in(member).post(
        ASK, {"council": council.pk, "role": "Analyst", "work_email": "sam@worcestershire.gov.uk"}
    )
    assert response.status_code == 302
    assert council_of(member) == council
    assert VerificationRequest.objects.count() == 0


def test_an_unconfirmed_address_on_an_allow_listed_domain_still_waits_for_a_moderator(council):
    CouncilEmailDomain.objects.create(authority=council, domain="worcestershire.gov.uk")
    member = UserFactory()
    signed_in(member).post(
        ASK, {"council": council.pk, "role": "Analyst", "work_email": "someone@worcestershire.gov.uk"}
    )
    assert VerificationRequest.objects.get().status == "pending"
    assert council_of(member) is None


def _pending(council, **kwargs):
    member = UserFactory(**kwargs)
    return services.request_verification(member, council=council, role="Finance officer", work_email="f@example.org")


@pytest.mark.parametrize("who", ["anonymous", "member", "officer", "staff_without_role"])
def test_only_moderators_and_editors_reach_the_queue(council, who):
    request = _pending(council)
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    elif who == "officer":
        client.force_login(VerifiedOfficerFactory(council=council))
    elif who == "staff_without_role":
        client.force_login(UserFactory(is_staff=True))
    get = client.get(QUEUE)
    post = client.post(QUEUE, {"request": request.pk, "action": "approve"})
    assert get.status_code in (302, 403) and post.status_code in (302, 403)
    if who != "anonymous":
        assert get.status_code == 403 and post.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"
    assert council_of(request.user) is None


def test_services_refuse_a_decision_by_someone_who_is_not_a_moderator(council):
    request = _pending(council)
    with pytest.raises(NotPermitted):
        services.approve_verification(request, UserFactory())
    with pytest.raises(NotPermitted):
        services.refuse_verification(request, VerifiedOfficerFactory(), reason="No")
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("reviewer", ["moderator", "editor", "superuser"])
def test_a_moderator_or_editor_approves_and_the_member_is_told(council, reviewer, django_capture_on_commit_callbacks):
    request = _pending(council)
    if reviewer == "moderator":
        user = ModeratorFactory()
    elif reviewer == "editor":
        user = UserFactory()
        editors = Group.objects.get_or_create(name="Editors")[0]
        editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        user.groups.add(editors)
    else:
        user = StaffFactory()
    client = signed_in(user)
    queue = client.get(QUEUE)
    assert queue.status_code == 200 and "Finance officer" in queue.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(QUEUE, {"request": request.pk, "action": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == user
    assert council_of(request.user) == council
    assert [m.to for m in mail.outbox] == [[request.user.email]]
    assert "You are now a verified officer of Worcestershire County Council" in mail.outbox[0].body
    # On the site: a notice on the member's profile, shown once.
    member = signed_in(request.user)
    first = member.get(reverse("members:me"), follow=True).content.decode()
    assert "govuk-notification-banner--success" in first and "You are now a verified officer" in first
    again = member.get(reverse("members:me"), follow=True).content.decode()
    assert "govuk-notification-banner--success" not in again
    # Deciding twice changes nothing.
    with pytest.raises(Invalid):
        services.refuse_verification(request, user, reason="Changed my mind")


def test_refusing_needs_a_reason_which_the_member_is_told(council, django_capture_on_commit_callbacks):
    request = _pending(council)
    client = signed_in(ModeratorFactory())
    response = client.post(QUEUE, {"request": request.pk, "action": "refuse", f"refuse-{request.pk}-reason": "  "})
    assert response.status_code == 400
    assert "Enter the reason for refusing" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    mail.outbox.clear()
    reason = "Your email address is not a Worcestershire one <b>really</b>"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"request": request.pk, "action": "refuse", f"refuse-{request.pk}-reason": reason})
    request.refresh_from_db()
    assert request.status == "refused" and request.reason == reason
    assert reason in mail.outbox[0].body
    page = signed_in(request.user).get(reverse("members:me"), follow=True).content.decode()
    assert "was refused" in page and "not a Worcestershire one &lt;b&gt;really&lt;/b&gt;" in page
    assert council_of(request.user) is None
    # The member may ask again.
    assert signed_in(request.user).get(ASK).status_code == 200


def test_deleting_the_account_forgets_the_work_email(council):
    request = _pending(council)
    services.delete_account(request.user)
    assert not VerificationRequest.objects.exists()
