"""Event views: thin, each reads through selectors and writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cop.communities.models import Access, CommunityGroup
from cop.communities.selectors import can_view_content
from cop.core.errors import DomainError
from cop.core.exports import csv_response

from . import ics, selectors, services
from .forms import RegistrationForm
from .models import EventPage, RegistrationStatus


def _event_or_404(request, page_id) -> EventPage:
    """A live public event the viewer may read: a closed group's events are its members' only."""
    event = get_object_or_404(EventPage.objects.live().public().select_related("group"), pk=page_id)
    if event.group_id and not can_view_content(request.user, event.group):
        raise Http404
    return event


def _calendar_response(body: str, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def event_calendar(request, page_id):
    """The public calendar file: the same for everyone, so never the joining link."""
    event = _event_or_404(request, page_id)
    body = ics.event_calendar(event, url=selectors.event_url(event), host=selectors.site_host(), now=timezone.now())
    return _calendar_response(body, f"{event.slug}.ics")


def calendar_feed(request):
    """Every upcoming event, for calendar programs to subscribe to (webcal://); `?group=<slug>` for an
    open group's events only (a closed group's are for its signed-in members, which calendars are not)."""
    group = None
    if request.GET.get("group"):
        group = CommunityGroup.objects.filter(slug=request.GET["group"][:100], access=Access.OPEN).first()
        if group is None:
            raise Http404("No open group with that name.")
    now = timezone.now()
    host = selectors.site_host()
    body = ics.calendar(
        [
            ics.event_lines(event, url=selectors.event_url(event), host=host, now=now)
            for event in selectors.feed_events(group)
        ],
        name=f"Place Exchange events: {group.name}" if group else "Place Exchange events",
    )
    filename = f"place-exchange-{group.slug}-events.ics" if group else "place-exchange-events.ics"
    response = _calendar_response(body, filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def my_calendar(request, page_id):
    """A registered member's own calendar entry, with the joining link."""
    event = _event_or_404(request, page_id)
    registration = selectors.registration_for(request.user, event)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise Http404("You are not registered for this event.")
    return _calendar_response(services.member_calendar(registration), f"{event.slug}.ics", private=True)


@login_required
@require_http_methods(["GET", "POST"])
def register(request, page_id):
    event = _event_or_404(request, page_id)
    registration = selectors.registration_for(request.user, event)
    status = 200
    if request.method == "POST":
        form, status = RegistrationForm(request.POST), 400
        if form.is_valid():
            try:
                registration = services.register(request.user, event, needs=form.cleaned_data["needs"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(request, "You are registered. We have emailed you the details.")
                else:
                    messages.success(
                        request,
                        "The event is full, so you are on the waiting list. We will email you if a place comes up.",
                    )
                return redirect(event.url)
    else:
        initial = {"needs": registration.needs} if registration else {}
        form = RegistrationForm(initial=initial)
    context = {"event": event, "form": form, "registration": registration, "places_left": _places_left(event)}
    return render(request, "events/register.html", context, status=status)


def _places_left(event):
    if event.capacity is None:
        return None
    return max(event.capacity - selectors.places_taken(event), 0)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, page_id):
    event = _event_or_404(request, page_id)
    registration = selectors.registration_for(request.user, event)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return redirect(event.url)
    if request.method == "POST":
        services.cancel(request.user, event)
        messages.success(request, f"You have cancelled your registration for {event.title}.")
        return redirect(event.url)
    return render(request, "events/cancel.html", {"event": event, "registration": registration})


@login_required
def attendees(request, page_id):
    event = get_object_or_404(EventPage, pk=page_id)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied("Only the event's organisers can see who is coming.")
    if request.GET.get("format") == "csv":
        header = ["Name", "Email", "Organisation", "Status", "Signed up", "Access needs"]
        response = csv_response(f"{event.slug}-attendees.csv", header, selectors.attendee_rows(event))
        response["Cache-Control"] = "private, no-store"
        return response
    registrations = list(selectors.attendees(event))
    context = {
        "event": event,
        "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
    }
    return render(request, "events/attendees.html", context)


def delegates_guide(request, page_id):
    event = _event_or_404(request, page_id)
    if not event.delegates_guide:
        raise Http404("This event has no delegates' guide.")
    return render(request, "events/delegates_guide.html", {"event": event})
