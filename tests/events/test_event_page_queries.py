"""The event page's queries stay bounded however many sessions and delegates' threads it lists."""

import datetime

import pytest

from cop.events import services
from cop.events.models import ConferenceSession
from tests.discussions.factories import CategoryFactory, ThreadFactory
from tests.events.factories import make_event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_conference_page_queries_do_not_grow_with_sessions(client, home_page, django_assert_max_num_queries):
    category = CategoryFactory()
    event = make_event(home_page, "Conference", days=10, capacity=50, discussion_category=category)
    for number in range(20):
        ConferenceSession.objects.create(
            event=event,
            day=event.start.date() + datetime.timedelta(days=number % 5),
            start_time=datetime.time(10 + number % 6),
            title=f"Session {number}",
            thread=ThreadFactory(category=category),
        )
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    client.get(event.url)  # warm caches (site, fragments)
    with django_assert_max_num_queries(30):
        response = client.get(event.url)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Discuss this session") == 20
