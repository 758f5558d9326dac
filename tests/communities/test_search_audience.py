"""Search stores a closed group's items under the group's audience, and re-files them when the
group opens or closes."""

import pytest
from django.test import RequestFactory

from cop.communities.models import Access
from cop.sitesearch.models import SearchDocument, group_audience
from cop.sitesearch.query import SearchRequest
from cop.sitesearch.selectors import audiences_for, search
from cop.sitesearch.services import rebuild_all
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _urls(user, q):
    get = RequestFactory().get("/search/", {"q": q}).GET
    return [r.url for r in search(SearchRequest.from_params(get, audiences_for(user))).results]


def test_members_get_their_groups_audiences_and_nobody_else_does():
    group = CommunityGroupFactory(access=Access.REQUEST)
    member = MembershipFactory(group=group).user
    assert group_audience(group.pk) in audiences_for(member)
    assert group_audience(group.pk) not in audiences_for(UserFactory())
    assert group_audience(group.pk) not in audiences_for(None)


def test_opening_and_closing_a_group_refiles_its_threads(django_capture_on_commit_callbacks):
    group = CommunityGroupFactory(access=Access.REQUEST)
    thread = ThreadFactory(group=group, title="Quokka counting across the partnership")
    PostFactory(thread=thread, body="Our quokka method")
    rebuild_all()
    outsider = UserFactory()
    assert set(SearchDocument.objects.filter(source__in=["thread", "reply"]).values_list("audience", flat=True)) == {
        group_audience(group.pk)
    }
    assert _urls(outsider, "quokka") == []
    with django_capture_on_commit_callbacks(execute=True):
        group.access = Access.OPEN
        group.save()
    assert set(SearchDocument.objects.filter(source__in=["thread", "reply"]).values_list("audience", flat=True)) == {
        "public"
    }
    assert thread.get_absolute_url() in _urls(outsider, "quokka")
    with django_capture_on_commit_callbacks(execute=True):
        group.access = Access.INVITE
        group.save()
    assert _urls(outsider, "quokka") == []
