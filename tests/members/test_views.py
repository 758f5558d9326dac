import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cop.members.models import CouncilEmailDomain, Profile, User
from cop.members.selectors import verified_council_for
from tests.discussions.factories import PostFactory, ThreadFactory

from .factories import AuthorityFactory, ModeratorFactory, UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db


def test_sign_up_with_council_email_verifies_officer_after_email_confirmation(client, home_page):
    council = AuthorityFactory(gss_code="E10000034", name="Worcestershire")
    CouncilEmailDomain.objects.create(authority=council, domain="worcestershire.gov.uk")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "sam.patel@worcestershire.gov.uk",
            "display_name": "Sam Patel",
            "password1": "a-sensible-passphrase",
            "password2": "a-sensible-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="sam.patel@worcestershire.gov.uk")
    assert user.display_name == "Sam Patel"
    assert verified_council_for(user) is None  # not until the address is confirmed
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1]
    client.post(path)
    user.refresh_from_db()
    assert EmailAddress.objects.get(user=user).verified
    assert verified_council_for(user) == council


def test_sign_up_errors_use_error_summary(client, home_page):
    response = client.post(
        reverse("account_signup"), {"email": "not-an-email", "display_name": "", "password1": "x", "password2": "y"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Enter your name" in html and 'href="#id_email"' in html
    assert User.objects.count() == 0


def test_login_is_throttled_after_repeated_failures(client, home_page):
    member = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()


def test_directory_filters_and_hidden_members(client):
    worcs = AuthorityFactory(gss_code="E10000034", name="Worcestershire", authority_type="CTY", region="West Midlands")
    leeds = AuthorityFactory(gss_code="E08000035", name="Leeds", authority_type="MD", region="Yorkshire and The Humber")
    priya = VerifiedOfficerFactory(council=worcs, display_name="Priya Shah")
    priya.profile.expertise.set(["pooled budgets"])
    aisha = VerifiedOfficerFactory(council=leeds, display_name="Aisha Begum")
    aisha.profile.expertise.set(["worklessness"])
    hidden = UserFactory(display_name="Hidden Person")
    Profile.objects.filter(user=hidden).update(show_in_directory=False)
    client.force_login(UserFactory())
    url = reverse("members:directory")

    def names(query):
        html = client.get(url + query).content.decode()
        return {n for n in ("Priya Shah", "Aisha Begum", "Hidden Person") if n in html}

    assert names("") == {"Priya Shah", "Aisha Begum"}
    assert names("?council=E10000034") == {"Priya Shah"}
    assert names("?region=Yorkshire+and+The+Humber") == {"Aisha Begum"}
    assert names("?council_type=MD") == {"Aisha Begum"}
    assert names("?expertise=pooled+budgets") == {"Priya Shah"}
    assert names("?q=begum") == {"Aisha Begum"}


def test_email_shown_only_as_member_chose(client):
    member = UserFactory()
    viewer = UserFactory()
    client.force_login(viewer)
    url = reverse("members:detail", args=[member.username])
    assert member.email not in client.get(url).content.decode()
    Profile.objects.filter(user=member).update(email_visibility="members")
    assert member.email in client.get(url).content.decode()
    Profile.objects.filter(user=member).update(email_visibility="verified")
    assert member.email not in client.get(url).content.decode()
    client.force_login(VerifiedOfficerFactory())
    assert member.email in client.get(url).content.decode()


def test_profile_edit_refuses_council_and_other_organisation_together(client):
    council = AuthorityFactory()
    member = UserFactory(display_name="Before")
    client.force_login(member)
    response = client.post(
        reverse("members:edit"),
        {
            "display_name": "After",
            "organisation": council.pk,
            "other_organisation": "A charity",
            "email_visibility": "nobody",
            "expertise": "",
        },
    )
    assert response.status_code == 400
    assert "Choose a council or enter another organisation, not both" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Before" and member.profile.organisation is None
    response = client.post(
        reverse("members:edit"),
        {
            "display_name": "After",
            "organisation": council.pk,
            "role": "Analyst",
            "region": "London",
            "email_visibility": "members",
            "expertise": "benchmarking, unit costs",
            "show_in_directory": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "After" and member.profile.organisation == council
    assert sorted(t.name for t in member.profile.expertise.all()) == ["benchmarking", "unit costs"]


def test_account_deletion_keeps_posts_as_former_member(client):
    member = UserFactory(display_name="Leaving Person")
    thread = ThreadFactory(author=member, title="Our shared reception")
    PostFactory(thread=thread, author=member, body="Some advice that stays useful")
    old_email = member.email
    client.force_login(member)
    response = client.post(reverse("members:delete"), {})
    assert response.status_code == 400 and "Confirm that you want to delete your account" in response.content.decode()
    client.post(reverse("members:delete"), {"confirm": "on"})
    member.refresh_from_db()
    assert member.deleted_at and not member.is_active and member.email == "" and member.display_name == ""
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Profile.objects.filter(user=member).exists()
    viewer = UserFactory()
    client.force_login(viewer)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Some advice that stays useful" in html and "Former member" in html and "Leaving Person" not in html
    client.logout()
    client.post(reverse("account_login"), {"login": old_email, "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session


def test_data_download_is_json_with_profile_and_posts(client):
    member = UserFactory(display_name="Data Subject")
    thread = ThreadFactory(author=member, title="My question")
    PostFactory(thread=thread, author=member, body="My answer text")
    client.force_login(member)
    response = client.get(reverse("members:download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["display_name"] == "Data Subject"
    assert data["threads"][0]["title"] == "My question"
    assert "My answer text" in [p["body_markdown"] for p in data["posts"]]


def test_expertise_locator_ranks_people_who_answered(client, settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 0
    thread = ThreadFactory(title="Pooled budgets for young people")
    thread.tags.set(["pooled budgets"])
    expert = UserFactory(display_name="Expert Person")
    PostFactory(thread=thread, author=expert)
    second = ThreadFactory(title="More on pooled budgets")
    PostFactory(thread=second, author=expert)
    casual = UserFactory(display_name="Casual Person")
    PostFactory(thread=thread, author=casual)
    unrelated = UserFactory(display_name="Unrelated Person")
    PostFactory(thread=ThreadFactory(title="Payroll"), author=unrelated)
    client.force_login(UserFactory())
    html = client.get(reverse("members:expertise") + "?topic=pooled+budgets").content.decode()
    assert "Expert Person" in html and "Casual Person" in html and "Unrelated Person" not in html
    assert html.index("Expert Person") < html.index("Casual Person")


def test_moderator_verifies_officer_and_suspension_errors(client):
    council = AuthorityFactory()
    member = UserFactory()
    client.force_login(ModeratorFactory())
    url = reverse("members:moderate", args=[member.username])
    response = client.post(url, {"action": "suspend", "suspend-days": "0", "suspend-reason": ""})
    assert response.status_code == 400 and "Enter at least 1 day" in response.content.decode()
    member.profile.refresh_from_db()
    assert not member.profile.is_suspended
    client.post(url, {"action": "verify", "verify-council": council.pk})
    member.refresh_from_db()
    assert verified_council_for(member) == council


def test_password_reset_email_and_new_password(client, home_page):
    member = UserFactory()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": member.email})
    message = mail.outbox[-1]
    assert message.subject == "[Place Exchange] Reset your password"
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    page = client.get(link.split("testserver", 1)[-1], follow=True)
    assert "Choose a new password" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.split("testserver", 1)[-1],
        {
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")
