"""A closed group's library documents and events: listed, found, opened and downloaded by its
members only (non-member, pending member and member)."""

import pytest
from django.core.files.base import ContentFile

from casestudies.demo import ensure_index
from cop.communities.models import Access, MembershipStatus
from cop.events.models import EventIndexPage
from cop.library.demo import simple_pdf
from cop.library.models import LibraryDocument, LibraryIndexPage
from cop.sitesearch.services import rebuild_all
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.events.test_events import _event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "non_member", "pending", "member"]


@pytest.fixture
def closed(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    group = CommunityGroupFactory(access=Access.INVITE)
    member = MembershipFactory(group=group).user
    pending = MembershipFactory(group=group, status=MembershipStatus.PENDING).user
    document = LibraryDocument(title="Quarterly zanzibar budget reconciliation", year=2010, group=group)
    document.file.save("zanzibar.pdf", ContentFile(simple_pdf("Zanzibar", ["Budget reconciliation"])), save=False)
    document.save()
    events = ensure_index(home_page, EventIndexPage, "events", "Events", "")
    ensure_index(home_page, LibraryIndexPage, "library", "Library", "")
    event = _event(events, "Zanzibar network meeting", 5, group=group)
    rebuild_all()
    users = {"anonymous": None, "non_member": UserFactory(), "pending": pending, "member": member}
    return {"group": group, "document": document, "event": event, "users": users}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_documents_and_events_reach_members_only(client, closed, viewer):
    user = closed["users"][viewer]
    if user is not None:
        client.force_login(user)
    member = viewer == "member"
    document, event = closed["document"], closed["event"]
    assert client.get(document.url).status_code == (200 if member else 404)
    assert client.get(event.url).status_code == (200 if member else 404)
    assert client.get(f"/events/{event.pk}/calendar.ics").status_code in ((200,) if member else (404,))
    found = client.get("/search/", {"q": "zanzibar"}).content.decode()
    assert (document.url in found) is member
    assert (event.url in found) is member
    # The shared listings never show them (a group's page does, to its members).
    assert "Zanzibar" not in client.get("/library/").content.decode()
    assert "Zanzibar network" not in client.get("/events/").content.decode()
    api = client.get(f"/api/v1/groups/{closed['group'].slug}/content")
    assert api.status_code == (200 if member else 404)
    if member:
        assert {i["type"] for i in api.json()["results"]} == {"Document", "Event"}
