"""Finding 1 of issue 13 (flags): three throwaway accounts could hide any post for everyone.

Flags are weighed by trust, as Discourse's trust levels: every flag queues the post for a
moderator, but only established members' flags (or one moderator's) hide it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cop.core.errors import NotPermitted
from cop.discussions import services
from cop.discussions.models import Post, PostStatus
from cop.discussions.selectors import moderation_queue
from tests.members.factories import ModeratorFactory, UserFactory

from .factories import EstablishedMemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def flag_with(reporters, post):
    for reporter in reporters:
        services.flag_post(reporter, post, reason="spam")
    return Post.objects.get(pk=post.pk)


def test_three_new_accounts_queue_the_post_but_do_not_hide_it():
    post = flag_with([UserFactory() for _ in range(3)], PostFactory())
    assert post.status == PostStatus.VISIBLE and not post.auto_hidden
    assert post.pending_flag_count == 3 and post in moderation_queue()


def test_unconfirmed_accounts_cannot_flag_at_all():
    post = PostFactory()
    for _ in range(3):
        with pytest.raises(NotPermitted, match="Confirm your email address"):
            services.flag_post(UserFactory(verified_email=False), post, reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.VISIBLE and post.pending_flag_count == 0


def test_old_accounts_that_never_posted_do_not_hide_a_post(settings):
    long_ago = timezone.now() - timedelta(days=settings.DISCUSSIONS_FLAG_TRUST_DAYS + 30)
    post = flag_with([UserFactory(date_joined=long_ago) for _ in range(3)], PostFactory())
    assert post.status == PostStatus.VISIBLE and post.pending_flag_count == 3


def test_busy_but_young_accounts_do_not_hide_a_post(settings):
    young = [EstablishedMemberFactory(date_joined=timezone.now() - timedelta(days=1)) for _ in range(3)]
    post = flag_with(young, PostFactory())
    assert post.status == PostStatus.VISIBLE


def test_three_established_members_hide_the_post():
    post = PostFactory()
    post = flag_with([EstablishedMemberFactory() for _ in range(2)], post)
    assert post.status == PostStatus.VISIBLE
    post = flag_with([EstablishedMemberFactory()], post)
    assert post.status == PostStatus.HIDDEN and post.auto_hidden


def test_new_accounts_do_not_make_up_the_number():
    """Two established flags and any number of new ones: still visible."""
    post = flag_with(
        [EstablishedMemberFactory(), EstablishedMemberFactory(), UserFactory(), UserFactory()], PostFactory()
    )
    assert post.status == PostStatus.VISIBLE and post.pending_flag_count == 4


def test_one_moderator_flag_hides_the_post():
    post = flag_with([ModeratorFactory()], PostFactory())
    assert post.status == PostStatus.HIDDEN and post.auto_hidden


def test_thresholds_are_settings(settings):
    settings.DISCUSSIONS_FLAG_TRUST_DAYS = 0
    settings.DISCUSSIONS_FLAG_TRUST_POSTS = 0
    post = flag_with([UserFactory() for _ in range(3)], PostFactory())
    assert post.status == PostStatus.HIDDEN
