"""A closed group's content is seen by its members only: pages, search, feeds, exports,
notifications, digests and the API, each checked for a non-member, a pending member and a member."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from cop.communities.models import Access, MembershipStatus
from cop.discussions import services as discussion_services
from cop.discussions.models import Notification, WatchLevel
from cop.discussions.services import set_category_watch
from cop.discussions.tasks import send_notification_emails, send_weekly_digests
from cop.members.models import Profile
from cop.sitesearch.services import rebuild_all
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.discussions.factories import CategoryFactory, PostFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Pooling the Sure Start budget with health partners"
SECRET_REPLY = "Our finance director agreed the zebracrossing protocol"

VIEWERS = ["anonymous", "non_member", "pending", "member"]


@pytest.fixture
def closed(db):
    group = CommunityGroupFactory(name="Total Place pilots network", slug="total-place", access=Access.REQUEST)
    member = MembershipFactory(group=group).user
    pending = MembershipFactory(group=group, status=MembershipStatus.PENDING).user
    non_member = UserFactory()
    thread = ThreadFactory(group=group, title=SECRET_TITLE, author=member, category=CategoryFactory())
    reply = PostFactory(thread=thread, author=member, body=SECRET_REPLY)
    rebuild_all()
    return {
        "group": group,
        "thread": thread,
        "reply": reply,
        "users": {"anonymous": None, "non_member": non_member, "pending": pending, "member": member},
    }


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("viewer", VIEWERS)
def test_thread_page_and_permalink_exist_only_for_members(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    thread, reply = closed["thread"], closed["reply"]
    expected = 200 if viewer == "member" else 404
    assert client.get(thread.get_absolute_url()).status_code == expected
    permalink = client.get(reply.get_absolute_url())
    assert permalink.status_code == (302 if viewer == "member" else 404)


@pytest.mark.parametrize("viewer", ["non_member", "pending"])
def test_outsiders_cannot_reply_in_a_closed_group(client, closed, viewer):
    client.force_login(closed["users"][viewer])
    before = closed["thread"].posts.count()
    response = client.post(f"/discussions/t/{closed['thread'].pk}/reply/", {"body": "Let me in"})
    assert response.status_code == 404
    assert closed["thread"].posts.count() == before


@pytest.mark.parametrize("viewer", VIEWERS)
def test_group_page_lists_the_thread_only_for_members(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    page = client.get(closed["group"].get_absolute_url())
    assert page.status_code == 200  # a request-to-join group can be found, and asked to join
    assert (SECRET_TITLE in page.content.decode()) is (viewer == "member")
    assert client.get(f"/groups/{closed['group'].slug}/members/").status_code == (200 if viewer == "member" else 404)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_discussion_listings_show_the_thread_only_to_members(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    listed = SECRET_TITLE in client.get("/discussions/").content.decode()
    in_category = SECRET_TITLE in client.get(closed["thread"].category.get_absolute_url()).content.decode()
    assert listed is in_category is (viewer == "member")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_site_search_and_suggestions_find_it_only_for_members(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    results = client.get("/search/", {"q": "Sure Start budget"}).content.decode()
    replies = client.get("/search/", {"q": "zebracrossing"}).content.decode()
    suggestions = client.get("/search/suggest/", {"q": "Pooling"}).json()["suggestions"]
    found = viewer == "member"
    assert (closed["thread"].get_absolute_url() in results) is found
    assert (closed["thread"].get_absolute_url() in replies) is found
    assert any(s["label"] == SECRET_TITLE for s in suggestions) is found


@pytest.mark.parametrize("viewer", VIEWERS)
def test_feed_export_and_api_answer_only_members(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    slug = closed["group"].slug
    feed = client.get(f"/groups/{slug}/feed/")
    export = client.get(f"/groups/{slug}/content.csv")
    api = client.get(f"/api/v1/groups/{slug}/content")
    if viewer == "member":
        assert feed.status_code == export.status_code == api.status_code == 200
        assert SECRET_TITLE in feed.content.decode()
        assert SECRET_TITLE in export.content.decode()
        assert [item["title"] for item in api.json()["results"]] == [SECRET_TITLE]
        assert "no-store" in feed["Cache-Control"]
    else:
        assert feed.status_code == export.status_code == api.status_code == 404
        assert SECRET_TITLE not in feed.content.decode() + export.content.decode() + api.content.decode()


def test_open_group_content_is_public_on_every_surface(client):
    group = CommunityGroupFactory(access=Access.OPEN)
    thread = ThreadFactory(group=group, title="Open question about shared reception desks")
    rebuild_all()
    assert client.get(f"/groups/{group.slug}/feed/").status_code == 200
    assert "shared reception" in client.get(f"/api/v1/groups/{group.slug}/content").content.decode()
    assert thread.get_absolute_url() in client.get("/search/", {"q": "reception desks"}).content.decode()


@override_settings(DISCUSSIONS_MIN_POST_INTERVAL_SECONDS=0)
def test_notifications_reach_members_only(closed, django_capture_on_commit_callbacks):
    thread, users = closed["thread"], closed["users"]
    watchers = [users["non_member"], users["pending"], users["member"]]
    for user in watchers:
        set_category_watch(user, thread.category, WatchLevel.WATCH)
    author = MembershipFactory(group=closed["group"]).user
    mail.outbox.clear()
    body = f"Thanks @{users['non_member'].username} @{users['pending'].username} @{users['member'].username}"
    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.create_reply(author, thread, body=body)
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {users["member"].pk}
    assert [m.to for m in mail.outbox] == [[users["member"].email]]


def test_a_member_who_leaves_no_longer_sees_or_is_emailed_old_notifications(closed):
    member, thread = closed["users"]["member"], closed["thread"]
    notification = Notification.objects.create(recipient=member, kind="reply", thread=thread, post=closed["reply"])
    from cop.discussions.selectors import notifications_for

    assert list(notifications_for(member)) == [notification]
    member.group_memberships.all().delete()
    member = type(member).objects.get(pk=member.pk)
    assert list(notifications_for(member)) == []
    mail.outbox.clear()
    assert send_notification_emails.call([notification.pk]) == 0
    assert mail.outbox == []


def test_weekly_digest_has_a_section_for_each_of_the_members_groups(closed):
    users = closed["users"]
    Profile.objects.filter(user__in=[u for u in users.values() if u]).update(
        weekly_digest=True, last_seen_at=timezone.now() - timezone.timedelta(days=30), last_digest_at=None
    )
    mail.outbox.clear()
    send_weekly_digests.call()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert f"In your group {closed['group'].name}" in by_recipient[users["member"].email]
    assert SECRET_TITLE in by_recipient[users["member"].email]
    for viewer in ("non_member", "pending"):
        assert SECRET_TITLE not in by_recipient.get(users[viewer].email, "")


def test_a_member_can_leave_their_group_out_of_the_digest(closed):
    member = closed["users"]["member"]
    member.group_memberships.update(digest=False)
    Profile.objects.filter(user=member).update(weekly_digest=True, last_seen_at=None, last_digest_at=None)
    mail.outbox.clear()
    send_weekly_digests.call()
    assert all(SECRET_TITLE not in m.body for m in mail.outbox)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_pages_do_not_list_closed_group_threads(client, closed, viewer):
    client = _client(client, closed["users"][viewer])
    author = closed["users"]["member"]
    page = client.get(f"/members/{author.username}/")
    assert (SECRET_TITLE in page.content.decode()) is (viewer == "member")
