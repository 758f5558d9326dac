"""Members' cached pages never carry a closed group's content to someone outside the group: the
member class includes the closed groups a member belongs to, and joining or leaving changes it at once."""

import pytest
from django.test import Client

from cop.communities import services as group_services
from cop.communities.models import Access, MembershipStatus, Role
from cop.core.member_pages import HEADER
from cop.sitesearch.services import rebuild_all
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.discussions.factories import ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Quarantined pooled budget pilot"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def closed_group():
    group = CommunityGroupFactory(name="Pilots network", access=Access.REQUEST)
    MembershipFactory(group=group, role=Role.MANAGER)
    return group


def test_a_closed_groups_thread_and_search_results_stay_with_its_members(closed_group):
    insider, outsider = UserFactory(), UserFactory()
    MembershipFactory(group=closed_group, user=insider)
    thread = ThreadFactory(title=SECRET, group=closed_group)
    rebuild_all()
    url = thread.get_absolute_url()
    inside = _client(insider)
    for _ in range(2):  # the second comes from the member page cache
        assert SECRET in inside.get(url).content.decode()
        assert "pooled budget pilot" in inside.get("/search/", {"q": "quarantined"}).content.decode()
    assert inside.get(url)[HEADER] == "hit"

    outside = _client(outsider)
    assert outside.get(url).status_code == 404
    assert "pooled budget pilot" not in outside.get("/search/", {"q": "quarantined"}).content.decode()


def test_joining_and_leaving_changes_what_the_cached_pages_show_at_once(closed_group):
    member = UserFactory()
    thread = ThreadFactory(title=SECRET, group=closed_group)
    rebuild_all()
    url = thread.get_absolute_url()
    client = _client(member)
    assert client.get(url).status_code == 404
    MembershipFactory(group=closed_group, user=member, status=MembershipStatus.ACTIVE)
    assert SECRET in client.get(url).content.decode()
    assert SECRET in client.get(url).content.decode()
    group_services.leave(member, closed_group)
    assert client.get(url).status_code == 404
    assert "pooled budget pilot" not in client.get("/search/", {"q": "quarantined"}).content.decode()
