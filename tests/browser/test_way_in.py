"""A way in, in a real browser with axe on every page: sign up from the home page, ask to be
verified as a council officer, a moderator approves in the Wagtail admin, the member sees it."""

import re

import pytest
from django.core import mail

from cop.members.models import User, VerificationRequest
from tests.members.factories import AuthorityFactory, ModeratorFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def sign_in(page, email, password, assert_accessible):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_sign_up_from_the_home_page_ask_for_verification_and_be_approved(
    page, browser, live_server, home_page, assert_accessible
):
    council = AuthorityFactory(name="Worcestershire County Council", gss_code="E10000034")
    mail.outbox.clear()

    # Signed out, the header and the home page offer a way in.
    page.goto("/")
    assert_accessible(page)
    account_bar = page.get_by_role("navigation", name="Your account")
    assert account_bar.get_by_role("link", name="Sign in").is_visible()
    assert account_bar.get_by_role("link", name="Create an account").is_visible()
    assert "Who Place Exchange is for" in page.locator("main").inner_text()
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Email").fill("priya.shah@example.org")
    page.get_by_label("Your name").fill("Priya Shah")
    page.get_by_label("Password", exact=True).fill("a-sensible-passphrase")
    page.get_by_label("Password (again)").fill("a-sensible-passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check your email"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto("/accounts/confirm-email/" + link.split("/accounts/confirm-email/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    if page.get_by_role("link", name="Sign out").count() == 0:
        sign_in(page, "priya.shah@example.org", "a-sensible-passphrase", assert_accessible)
    assert page.get_by_role("link", name="Benchmarking club").count() == 0

    # Ask to be verified, from the profile; a bad answer first.
    page.get_by_role("link", name="Your profile").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Ask to be verified as a council officer").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Your council").select_option(label=council.name)
    page.get_by_label("Your job title or role").fill("")
    page.get_by_label("Your work email address").fill("priya.shah@worcestershire.gov.uk")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").inner_text().count("Enter your job title or role") == 1
    assert_accessible(page)
    page.get_by_label("Your job title or role").fill("Strategic Finance Manager")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert "A moderator will check it" in page.locator("main").inner_text()
    assert_accessible(page)
    request = VerificationRequest.objects.get()
    assert request.status == "pending"

    # A moderator approves it in the Wagtail admin.
    moderator = ModeratorFactory(display_name="Morgan Reed")
    other = browser.new_context(base_url=live_server.url)
    admin = other.new_page()
    sign_in(admin, moderator.email, PASSWORD, assert_accessible)
    admin.goto("/admin/members/verification/")
    assert_accessible(admin)
    assert "Strategic Finance Manager" in admin.locator("table.listing").inner_text()
    admin.get_by_role("button", name="Approve Priya Shah").click()
    admin.wait_for_load_state()
    assert "No one is waiting to be verified." in admin.content()
    other.close()
    assert "You are now a verified officer" in mail.outbox[-1].body

    # The member sees the decision on the site, and the benchmarking club in the member bar.
    page.goto("/members/me/")
    page.wait_for_load_state()
    assert (
        "You are now a verified officer of Worcestershire County Council"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(page)
    page.get_by_role("link", name="Benchmarking club").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert User.objects.get(email="priya.shah@example.org").profile.verified_council == council
