"""Writes for events: registering, cancelling (with the waiting list moving up), and the emails.

Places are counted under a lock on the event's row, so two members taking the last place at
once get one place and one waiting-list spot. A cancelled place goes at once to whoever has
waited longest, who is told by email with their calendar entry.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cop.core.errors import Invalid, NotPermitted

from . import ics
from .models import EventPage, Registration, RegistrationStatus
from .selectors import event_url, site_host

MAX_NEEDS_LENGTH = 500


def _locked_event(event: EventPage) -> EventPage:
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _check_can_register(member, event: EventPage) -> None:
    if not member.is_authenticated or not member.is_active:
        raise NotPermitted("Sign in to register for an event.")
    if not event.live:
        raise NotPermitted("This event is not published.")
    if event.is_past:
        raise Invalid("This event has finished, so registration is closed.")
    if not event.registration_open:
        raise Invalid("Registration for this event is closed.")


def register(member, event: EventPage, *, needs: str = "") -> Registration:
    """A place for `member` if one is free, otherwise a waiting-list spot. Registering again
    while registered or waiting changes nothing but the note to the organisers."""
    needs = (needs or "").strip()
    if len(needs) > MAX_NEEDS_LENGTH:
        raise Invalid(f"Access needs must be {MAX_NEEDS_LENGTH} characters or fewer.")
    with transaction.atomic():
        event = _locked_event(event)
        _check_can_register(member, event)
        registration = Registration.objects.filter(event=event, member=member).first()
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            registration.needs = needs
            registration.save(update_fields=["needs", "updated_at"])
            return registration
        full = event.capacity is not None and _confirmed_count(event) >= event.capacity
        status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        if registration is None:
            registration = Registration(event=event, member=member)
        registration.status = status
        registration.needs = needs
        registration.queued_at = timezone.now()  # back of the queue after a cancellation
        registration.save()
        transaction.on_commit(lambda: send_registration_email(registration))
    return registration


def cancel(member, event: EventPage) -> Registration | None:
    """Give up a place (or a waiting-list spot). Whoever has waited longest gets the place."""
    if not member.is_authenticated:
        raise NotPermitted("Sign in to cancel a registration.")
    with transaction.atomic():
        event = _locked_event(event)
        registration = Registration.objects.filter(event=event, member=member).first()
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            return registration
        had_place = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        if had_place and not event.is_past:
            _promote_waiting(event)
    return registration


def _promote_waiting(event: EventPage) -> None:
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by("queued_at", "pk")
    if free is not None:
        waiting = waiting[: max(free, 0)]
    for registration in list(waiting.select_related("member")):
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda registration=registration: send_registration_email(registration, promoted=True))


def member_calendar(registration: Registration, *, now=None) -> str:
    """The member's own calendar entry: with the joining link, which only they may see."""
    event = registration.event
    return ics.event_calendar(
        event, url=event_url(event), host=site_host(), now=now or timezone.now(), joining_url=event.joining_url
    )


def send_registration_email(registration: Registration, *, promoted: bool = False) -> None:
    event = registration.event
    member = registration.member
    if not member.email:
        return
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    context = {
        "member": member,
        "event": event,
        "registration": registration,
        "confirmed": confirmed,
        "promoted": promoted,
        "event_url": event_url(event),
    }
    if promoted:
        subject = f"A place has come up: {event.title}"
    elif confirmed:
        subject = f"You are registered: {event.title}"
    else:
        subject = f"You are on the waiting list: {event.title}"
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string("events/email/registration.txt", context),
        to=[member.email],
    )
    if confirmed:
        message.attach(f"{event.slug}.ics", member_calendar(registration), "text/calendar; method=PUBLISH")
    message.send(fail_silently=False)


def forget_member(user) -> None:
    """Account deletion: give up every place (the waiting lists move up), then drop the records."""
    for registration in Registration.objects.filter(member=user).exclude(status=RegistrationStatus.CANCELLED):
        cancel(user, registration.event)
    Registration.objects.filter(member=user).delete()
