from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cop.core.errors import NotPermitted
from cop.discussions import services
from cop.discussions.models import (
    MAX_BODY_LENGTH,
    Flag,
    Notification,
    NotificationKind,
    Post,
    PostRevision,
    PostStatus,
    Thread,
    ThreadServiceArea,
    WatchLevel,
)
from cop.discussions.selectors import thread_list
from tests.members.factories import ModeratorFactory, UserFactory, VerifiedOfficerFactory

from .factories import CategoryFactory, EstablishedMemberFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_interval(settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 0


def test_create_thread_saves_opening_post_tags_and_service_areas():
    author = UserFactory()
    category = CategoryFactory()
    thread = services.create_thread(
        author,
        category,
        title="  Shared   payroll  ",
        body="How did you **split** costs?",
        tags="Payroll, shared services, payroll",
        service_codes="690 360",
    )
    assert thread.title == "Shared payroll"
    assert sorted(t.name for t in thread.tags.all()) == ["payroll", "shared services"]
    assert sorted(ThreadServiceArea.objects.filter(thread=thread).values_list("code", flat=True)) == ["360", "690"]
    opening = thread.posts.get()
    assert opening.is_opening and "<strong>split</strong>" in opening.body_html


@pytest.mark.parametrize(
    "title,body,tags,codes,field",
    [
        ("", "Body", "", "", "title"),
        ("Title", "   ", "", "", "body"),
        ("Title", "x" * (MAX_BODY_LENGTH + 1), "", "", "body"),
        ("T" * 151, "Body", "", "", "title"),
        ("Title", "Body", "", "19O", "service_codes"),
        ("Title", "Body", ",".join(f"tag{i}" for i in range(9)), "", "tags"),
    ],
)
def test_bad_thread_input_saves_nothing(title, body, tags, codes, field):
    author = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.create_thread(author, CategoryFactory(), title=title, body=body, tags=tags, service_codes=codes)
    assert field in error.value.message_dict
    assert Thread.objects.count() == 0 and Post.objects.count() == 0


def test_reply_to_locked_thread_is_refused_but_moderator_may(no_interval):
    thread = ThreadFactory(is_locked=True)
    with pytest.raises(NotPermitted, match="locked"):
        services.create_reply(UserFactory(), thread, body="Hello")
    assert thread.posts.count() == 1
    services.create_reply(ModeratorFactory(), thread, body="Locking this as it is resolved.")
    assert thread.posts.count() == 2


def test_restricted_category_refuses_plain_member():
    category = CategoryFactory(restricted=True)
    with pytest.raises(NotPermitted):
        services.create_thread(UserFactory(), category, title="Agency costs", body="Which line?")
    assert Thread.objects.count() == 0
    services.create_thread(VerifiedOfficerFactory(), category, title="Agency costs", body="Which line?")
    assert Thread.objects.count() == 1


def test_minimum_interval_between_posts(settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 60
    thread = ThreadFactory()
    member = UserFactory()
    services.create_reply(member, thread, body="First")
    with pytest.raises(services.RateLimited, match="Wait"):
        services.create_reply(member, thread, body="Second")
    assert Post.objects.filter(author=member).count() == 1
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(seconds=61))
    services.create_reply(member, thread, body="Second")
    assert Post.objects.filter(author=member).count() == 2


def test_new_members_limited_threads_per_day(settings, no_interval):
    settings.DISCUSSIONS_NEW_MEMBER_THREADS_PER_DAY = 2
    category = CategoryFactory()
    newcomer = UserFactory()
    for n in range(2):
        services.create_thread(newcomer, category, title=f"Question {n}", body="Body")
    with pytest.raises(services.RateLimited, match="New members can start 2 discussions a day"):
        services.create_thread(newcomer, category, title="Question 3", body="Body")
    assert Thread.objects.filter(author=newcomer).count() == 2
    established = UserFactory()
    established.date_joined = timezone.now() - timedelta(days=60)
    established.save()
    for n in range(3):
        services.create_thread(established, category, title=f"Established {n}", body="Body")
    assert Thread.objects.filter(author=established).count() == 3


def test_first_posts_of_new_members_can_require_approval(settings, no_interval):
    settings.DISCUSSIONS_APPROVE_FIRST_POSTS = 1
    category = CategoryFactory()
    newcomer = UserFactory()
    thread = services.create_thread(newcomer, category, title="Hello all", body="First post")
    assert not thread.is_visible
    assert thread not in thread_list(None)
    moderator = ModeratorFactory()
    services.approve_post(moderator, thread.posts.get())
    thread.refresh_from_db()
    assert thread.is_visible
    # After one approved post the member posts freely; verified officers never wait.
    assert services.create_reply(newcomer, thread, body="Thanks").status == PostStatus.VISIBLE
    assert services.create_thread(VerifiedOfficerFactory(), category, title="Officer", body="x").is_visible


def test_three_flags_hide_post_pending_review_and_moderator_can_restore():
    post = PostFactory()
    for _ in range(2):
        services.flag_post(EstablishedMemberFactory(), post, reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.VISIBLE and post.pending_flag_count == 2
    services.flag_post(EstablishedMemberFactory(), post, reason="abusive")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN and post.auto_hidden
    post.thread.refresh_from_db()
    assert post.thread.reply_count == 0
    services.restore_post(ModeratorFactory(), post)
    post.refresh_from_db()
    assert post.status == PostStatus.VISIBLE and post.pending_flag_count == 0
    assert not Flag.objects.filter(post=post, status="pending").exists()


def test_member_cannot_flag_twice_or_flag_own_post():
    post = PostFactory()
    reporter = UserFactory()
    services.flag_post(reporter, post, reason="spam")
    with pytest.raises(ValidationError, match="already flagged"):
        services.flag_post(reporter, post, reason="spam")
    with pytest.raises(NotPermitted):
        services.flag_post(post.author, post, reason="spam")
    with pytest.raises(ValidationError):
        services.flag_post(UserFactory(), post, reason="other", detail="")
    assert Flag.objects.filter(post=post).count() == 1


def test_hide_requires_reason_and_moderator():
    post = PostFactory()
    with pytest.raises(NotPermitted):
        services.hide_post(UserFactory(), post, reason="No")
    with pytest.raises(ValidationError):
        services.hide_post(ModeratorFactory(), post, reason=" ")
    services.hide_post(ModeratorFactory(), post, reason="Shares a resident's details")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN and post.hidden_reason == "Shares a resident's details"


def test_edit_keeps_history_and_refuses_empty():
    post = PostFactory(body="Original text")
    services.edit_post(post.author, post, body="Corrected text")
    with pytest.raises(ValidationError):
        services.edit_post(post.author, post, body="")
    post.refresh_from_db()
    assert post.body == "Corrected text" and post.edited_at
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == ["Original text"]


def test_reply_mention_and_accept_create_notifications_and_emails(no_interval, django_capture_on_commit_callbacks):
    asker = UserFactory(username="asker")
    helper = UserFactory(username="helper")
    third = UserFactory(username="kim-jones")
    thread = ThreadFactory(author=asker)
    services.set_thread_watch(asker, thread, WatchLevel.WATCH)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.create_reply(helper, thread, body="Ask @kim-jones, she ran it. Also @nobody.")
    kinds = {(n.recipient.username, n.kind) for n in Notification.objects.all()}
    assert kinds == {("asker", NotificationKind.REPLY), ("kim-jones", NotificationKind.MENTION)}
    assert sorted(m.to[0] for m in mail.outbox) == [asker.email, third.email]
    assert all("unsubscribe" in m.body for m in mail.outbox)
    services.accept_answer(asker, reply)
    assert Notification.objects.filter(recipient=helper, kind=NotificationKind.ACCEPTED).count() == 1


def test_muted_thread_gets_no_notifications(no_interval):
    asker = UserFactory()
    thread = ThreadFactory(author=asker)
    services.set_thread_watch(asker, thread, WatchLevel.MUTE)
    services.create_reply(UserFactory(), thread, body=f"Hi @{asker.username}")
    assert not Notification.objects.filter(recipient=asker).exists()


def test_category_watchers_hear_about_new_threads_and_mentions_respect_restricted_categories(no_interval):
    category = CategoryFactory(restricted=True)
    watcher = VerifiedOfficerFactory()
    services.set_category_watch(watcher, category, WatchLevel.WATCH)
    outsider = UserFactory(username="outsider")
    services.create_thread(VerifiedOfficerFactory(), category, title="Agency", body="cc @outsider")
    assert Notification.objects.filter(recipient=watcher).exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_helpful_toggle_counts_once_per_member():
    post = PostFactory()
    member = UserFactory()
    assert services.toggle_helpful(member, post) is True
    assert services.toggle_helpful(UserFactory(), post) is True
    post.refresh_from_db()
    assert post.helpful_count == 2
    assert services.toggle_helpful(member, post) is False
    post.refresh_from_db()
    assert post.helpful_count == 1
    with pytest.raises(NotPermitted):
        services.toggle_helpful(post.author, post)


def test_moderator_moves_pins_and_locks():
    thread = ThreadFactory()
    other = CategoryFactory()
    services.moderate_thread(ModeratorFactory(), thread, locked=True, pinned=True, category=other)
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.category == other


def test_mentions_of_real_members_link_to_their_page():
    UserFactory(username="kim-jones")
    post = PostFactory(body="Thanks @kim-jones and @nobody, see `@kim-jones` too. Email me at a@kim-jones.org")
    assert '<a href="/members/kim-jones/" rel="nofollow noopener noreferrer ugc">@kim-jones</a>' in post.body_html
    assert "@nobody" in post.body_html and "/members/nobody/" not in post.body_html
    assert post.body_html.count("/members/kim-jones/") == 1
    assert "<code>@kim-jones</code>" in post.body_html


def test_thread_titled_like_an_action_still_has_a_readable_url(client):
    thread = services.create_thread(UserFactory(), CategoryFactory(), title="Reply", body="Is this a reply?")
    assert client.get(thread.get_absolute_url()).status_code == 200
