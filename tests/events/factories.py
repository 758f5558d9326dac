"""Events made the way an editor makes them: a published EventPage under the events index."""

import datetime

from django.utils import timezone

from cop.core.demo import ensure_index
from cop.events.models import EventIndexPage, EventPage


def events_index(home_page):
    return ensure_index(home_page, EventIndexPage, "events", "Events", "")


def make_event(home_page, title="Webinar", *, days=7, hours=1, live=True, **fields):
    index = events_index(home_page)
    start = fields.pop("start", timezone.now() + datetime.timedelta(days=days))
    page = EventPage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        start=start,
        end=fields.pop("end", start + datetime.timedelta(hours=hours)),
        summary=fields.pop("summary", f"About {title}"),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)
