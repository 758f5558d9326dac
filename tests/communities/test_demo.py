import io

import pytest

from cop.communities import demo as communities_demo
from cop.communities.models import Access, CommunityGroup
from cop.discussions import demo as discussions_demo
from cop.discussions.models import Thread
from cop.discussions.selectors import thread_list
from cop.members import demo as members_demo
from cop.members.models import User

pytestmark = pytest.mark.django_db


def test_demo_groups_and_their_discussions_load_twice_without_duplicates(home_page):
    for _ in range(2):
        members_demo.load(home_page, io.StringIO())
        communities_demo.load(home_page, io.StringIO())
        discussions_demo.load(home_page, io.StringIO())
    network = CommunityGroup.objects.get(name="Total Place pilots network")
    assert network.access == Access.REQUEST
    assert CommunityGroup.objects.filter(service_areas__code__in=["330", "360"]).count() == 2
    assert Thread.objects.filter(group__isnull=False).count() == len(discussions_demo.GROUP_THREADS)
    assert Thread.objects.count() == len(discussions_demo.THREADS) + len(discussions_demo.GROUP_THREADS)
    # The network's discussions are for its members only.
    secret = {t["title"] for t in discussions_demo.GROUP_THREADS if t["group"] == network.slug}
    outsider = User.objects.get(username="gareth-lewis")  # asked to join, not yet approved
    member = User.objects.get(username="tom-hughes")
    assert not secret & {t.title for t in thread_list(outsider)}
    assert secret <= {t.title for t in thread_list(member)}
