from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import ics
from .models import EventPage


def event_calendar(request, page_id):
    event = get_object_or_404(EventPage.objects.live().public(), pk=page_id)
    url = event.get_full_url(request) or request.build_absolute_uri(event.url or "/events/")
    body = ics.event_calendar(event, url=url, host=request.get_host().split(":")[0], now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
