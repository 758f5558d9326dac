from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cop.communities.selectors import can_view_content
from cop.core.site_url import absolute_url, site_root_url

from . import ics
from .models import EventPage


def event_calendar(request, page_id):
    event = get_object_or_404(EventPage.objects.live().public().select_related("group"), pk=page_id)
    if event.group_id and not can_view_content(request.user, event.group):
        raise Http404
    # The site's own address, never the request's Host header (cop.core.site_url).
    url = absolute_url(event.get_url() or "/events/")
    host = urlsplit(site_root_url()).hostname
    body = ics.event_calendar(event, url=url, host=host, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
