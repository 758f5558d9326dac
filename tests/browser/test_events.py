"""Registering for an event in a real browser, with axe on every page visited."""

import pytest
from django.core import mail

from cop.events.models import Registration, RegistrationStatus
from tests.events.factories import make_event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LINK = "https://meet.example/briefing-room"


def test_register_download_calendar_entry_and_cancel(page, live_server, home_page, assert_accessible, tmp_path):
    event = make_event(home_page, "Pooled budgets briefing", mode="online", joining_url=LINK, capacity=20)
    member = UserFactory(email="sam@example.org")

    # Signed out: the page offers sign-in, and no joining link.
    page.goto(event.url)
    assert_accessible(page)
    assert page.get_by_role("link", name="Join online").count() == 0
    page.get_by_role("link", name="Sign in to register").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # Back at the registration form: forgetting to agree shows the error summary and saves nothing.
    assert page.locator("h1").inner_text() == "Register for this event"
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".govuk-error-summary")
    assert "Agree to share your details with the organisers to register" in summary.inner_text()
    assert_accessible(page)
    assert not Registration.objects.exists()

    page.get_by_label("I agree that the organisers can see my name").check()
    page.get_by_label("Access needs").fill("Live captions, please")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert "You are registered" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.get_by_role("link", name="Join online").get_attribute("href") == LINK
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.needs == "Live captions, please"
    assert mail.outbox[-1].to == [member.email]

    # The member's own calendar entry downloads, with the joining link.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics file) for Pooled budgets briefing").click()
    download = download_info.value
    assert download.suggested_filename == "pooled-budgets-briefing.ics"
    path = tmp_path / "entry.ics"
    download.save_as(path)
    body = path.read_bytes().decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Pooled budgets briefing\r\n" in body
    assert LINK in body.replace("\r\n ", "")

    # Cancelling asks first, then frees the place.
    page.get_by_role("link", name="Cancel your place").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel my place").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert page.get_by_role("link", name="Join online").count() == 0
