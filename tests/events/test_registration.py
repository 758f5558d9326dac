"""Registering for an event: places up to capacity, a waiting list that moves up when someone
cancels, confirmation emails with a calendar entry, and the form's bad input."""

import pytest
from django.core import mail

from cop.core.errors import Invalid, NotPermitted
from cop.events import services
from cop.events.models import Registration, RegistrationStatus
from tests.events.factories import make_event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED


def _status(member, event):
    return Registration.objects.get(member=member, event=event).status


def test_places_then_waiting_list_in_order(home_page, django_capture_on_commit_callbacks):
    event = make_event(home_page, capacity=2)
    first, second, third, fourth = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        for member in (first, second, third, fourth):
            services.register(member, event)
    assert [_status(m, event) for m in (first, second, third, fourth)] == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    subjects = [message.subject for message in mail.outbox]
    assert subjects[0].endswith("You are registered: Webinar")
    assert subjects[2].endswith("You are on the waiting list: Webinar")
    # A confirmed place comes with the member's calendar entry; a waiting-list spot does not.
    assert mail.outbox[0].attachments[0][0] == "webinar.ics"
    assert "BEGIN:VEVENT" in mail.outbox[0].attachments[0][1]
    assert mail.outbox[2].attachments == []


def test_cancelling_a_place_promotes_whoever_waited_longest(home_page, django_capture_on_commit_callbacks):
    event = make_event(home_page, capacity=1, mode="online", joining_url="https://meet.example/room-1")
    holder, early, late = UserFactory.create_batch(3)
    for member in (holder, early, late):
        services.register(member, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder, event)
    assert (_status(holder, event), _status(early, event), _status(late, event)) == (CANCELLED, CONFIRMED, WAITING)
    (message,) = mail.outbox
    assert message.to == [early.email] and "A place has come up" in message.subject
    assert "https://meet.example/room-1" in message.body  # the joining link, now theirs


def test_leaving_the_waiting_list_promotes_nobody(home_page):
    event = make_event(home_page, capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    services.register(holder, event)
    services.register(waiting, event)
    services.cancel(waiting, event)
    assert (_status(holder, event), _status(waiting, event)) == (CONFIRMED, CANCELLED)


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(home_page):
    event = make_event(home_page, capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    services.register(holder, event)
    services.register(waiting, event)
    services.cancel(holder, event)
    services.register(holder, event)
    assert (_status(waiting, event), _status(holder, event)) == (CONFIRMED, WAITING)
    assert Registration.objects.filter(event=event).count() == 2


def test_registering_twice_keeps_one_place(home_page):
    event = make_event(home_page, capacity=5)
    member = UserFactory()
    services.register(member, event)
    services.register(member, event, needs="Captions please")
    registration = Registration.objects.get(event=event, member=member)
    assert registration.status == CONFIRMED and registration.needs == "Captions please"


def test_no_capacity_means_no_waiting_list(home_page):
    event = make_event(home_page)
    for member in UserFactory.create_batch(5):
        assert services.register(member, event).status == CONFIRMED


def test_past_closed_and_anonymous_registrations_are_refused(home_page):
    from django.contrib.auth.models import AnonymousUser

    member = UserFactory()
    with pytest.raises(Invalid):
        services.register(member, make_event(home_page, "Last month", days=-30))
    with pytest.raises(Invalid):
        services.register(member, make_event(home_page, "Closed", registration_open=False))
    with pytest.raises(NotPermitted):
        services.register(AnonymousUser(), make_event(home_page, "Open"))
    assert not Registration.objects.exists()


def test_register_page_shows_error_summary_and_saves_nothing(client, home_page):
    event = make_event(home_page, capacity=3)
    member = UserFactory()
    client.force_login(member)
    url = f"/events/{event.pk}/register/"
    response = client.post(url, {"needs": "x" * 501})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Agree to share your details with the organisers to register" in html
    assert "Access needs must be 500 characters or fewer" in html
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_register_page_registers_and_the_note_is_inert(client, home_page):
    event = make_event(home_page, capacity=3)
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        f"/events/{event.pk}/register/", {"share_details": "on", "needs": "<script>alert(1)</script>"}
    )
    assert response.status_code == 302 and response["Location"] == event.url
    registration = Registration.objects.get()
    assert registration.status == CONFIRMED
    page = client.get(event.url).content.decode()
    assert "Registered" in page and f"/events/{event.pk}/my-calendar.ics" in page
    # Cancelling is a confirmed POST.
    assert client.get(f"/events/{event.pk}/cancel/").status_code == 200
    assert client.post(f"/events/{event.pk}/cancel/").status_code == 302
    assert Registration.objects.get().status == CANCELLED


def test_signed_out_visitors_are_sent_to_sign_in(client, home_page):
    event = make_event(home_page)
    response = client.get(f"/events/{event.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/events/{event.pk}/cancel/").status_code == 302
    assert not Registration.objects.exists()
