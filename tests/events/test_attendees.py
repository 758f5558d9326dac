"""Organisers (the page's owner and its editors) see and export who is coming; nobody else does."""

import csv
import io

import pytest

from cop.events import services
from tests.events.factories import make_event
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_organisers_see_the_attendee_list(client, home_page):
    owner, member, stranger = UserFactory(), UserFactory(), UserFactory()
    event = make_event(home_page, "Workshop", capacity=1, owner=owner)
    services.register(member, event, needs="Step-free access")
    services.register(stranger, event)
    url = f"/events/{event.pk}/attendees/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert client.get(url + "?format=csv").status_code == 403
    assert "/attendees/" not in client.get(event.url).content.decode()
    for organiser in (owner, StaffFactory()):
        client.force_login(organiser)
        html = client.get(url).content.decode()
        assert member.email in html and "Step-free access" in html and stranger.email in html
        assert f"/events/{event.pk}/attendees/" in client.get(event.url).content.decode()


def test_attendee_csv_is_safe_from_formulas(client, home_page):
    owner = UserFactory()
    event = make_event(home_page, "Workshop", owner=owner)
    attacker = UserFactory(display_name='=HYPERLINK("http://evil.example")')
    services.register(attacker, event, needs="+SUM(A1:A9)")
    client.force_login(owner)
    response = client.get(f"/events/{event.pk}/attendees/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "private" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email", "Organisation", "Status", "Signed up", "Access needs"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")' and rows[1][5] == "'+SUM(A1:A9)"
    assert rows[1][3] == "Registered"
