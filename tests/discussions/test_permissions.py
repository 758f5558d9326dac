"""Permission matrix: every discussion and member action for anonymous visitors, members,
verified officers, moderators and staff, checked through real HTTP requests, including what
was (or was not) saved."""

import pytest
from django.urls import reverse

from cop.discussions.models import Flag, Post, PostStatus, Thread
from tests.members.factories import (
    AuthorityFactory,
    ModeratorFactory,
    StaffFactory,
    UserFactory,
    VerifiedOfficerFactory,
)

from .factories import CategoryFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "officer", "moderator", "staff"]
LOGIN, DENIED, OK = "login", "denied", "ok"


@pytest.fixture
def world(settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 0
    open_category = CategoryFactory(name="Worklessness", slug="worklessness")
    restricted = CategoryFactory(name="Benchmarking club", slug="benchmarking-club", restricted=True)
    author = UserFactory()
    thread = ThreadFactory(category=open_category, author=author)
    other_post = PostFactory(thread=thread)
    restricted_thread = ThreadFactory(category=restricted, author=VerifiedOfficerFactory())
    return {
        "open": open_category,
        "restricted": restricted,
        "thread": thread,
        "other_post": other_post,
        "restricted_thread": restricted_thread,
        "target_member": UserFactory(),
    }


def make_user(role):
    return {
        "anonymous": lambda: None,
        "member": UserFactory,
        "officer": lambda: VerifiedOfficerFactory(council=AuthorityFactory()),
        "moderator": ModeratorFactory,
        "staff": StaffFactory,
    }[role]()


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code in (200, 302):
        return OK
    return f"status {response.status_code}"


@pytest.fixture
def as_role(client):
    def login(role):
        user = make_user(role)
        if user is not None:
            client.force_login(user)
        return user

    return login


EXPECTED = {
    # action: expected outcome per role (anonymous, member, officer, moderator, staff)
    "read_open": (OK, OK, OK, OK, OK),
    "read_restricted": (DENIED, DENIED, OK, OK, OK),
    "post_open": (LOGIN, OK, OK, OK, OK),
    "post_restricted": (LOGIN, DENIED, OK, OK, OK),
    "reply_open": (LOGIN, OK, OK, OK, OK),
    "reply_restricted": (LOGIN, DENIED, OK, OK, OK),
    "edit_own": (LOGIN, OK, OK, OK, OK),
    "edit_other": (LOGIN, DENIED, DENIED, OK, OK),
    "flag": (LOGIN, OK, OK, OK, OK),
    "hide": (LOGIN, DENIED, DENIED, OK, OK),
    "lock": (LOGIN, DENIED, DENIED, OK, OK),
    "review_queue": (LOGIN, DENIED, DENIED, OK, OK),
    "directory": (LOGIN, OK, OK, OK, OK),
    "suspend_member": (LOGIN, DENIED, DENIED, OK, OK),
}


def do_action(action, client, user, world):
    """Perform the action; return (outcome, whether the intended change was saved)."""
    thread, other_post = world["thread"], world["other_post"]
    if action == "read_open":
        response = client.get(thread.get_absolute_url())
        return outcome(response), response.status_code == 200 and thread.title in response.content.decode()
    if action == "read_restricted":
        response = client.get(world["restricted_thread"].get_absolute_url())
        listing = client.get(reverse("discussions:index")).content.decode()
        visible = response.status_code == 200
        # Restricted threads are never listed for people who cannot read them.
        assert (world["restricted_thread"].title in listing) == visible
        return outcome(response), visible
    if action in ("post_open", "post_restricted"):
        category = world["open"] if action == "post_open" else world["restricted"]
        before = Thread.objects.count()
        response = client.post(
            reverse("discussions:new_thread"),
            {
                "category": category.pk,
                "title": "Shared reception desks",
                "body": "Who employs the staff?",
            },
        )
        saved = Thread.objects.count() == before + 1
        if response.status_code == 400 and not saved:
            # The restricted category is not offered to this member: the form refuses it.
            assert "Choose a category from the list" in response.content.decode()
            return DENIED, saved
        return outcome(response), saved
    if action in ("reply_open", "reply_restricted"):
        target = thread if action == "reply_open" else world["restricted_thread"]
        before = Post.objects.count()
        response = client.post(reverse("discussions:reply", args=[target.pk]), {"body": "We did this too."})
        return outcome(response), Post.objects.count() == before + 1
    if action == "edit_own":
        own = PostFactory(thread=thread, author=user) if user else other_post
        response = client.post(reverse("discussions:edit_post", args=[own.pk]), {"body": "Corrected figures."})
        own.refresh_from_db()
        return outcome(response), own.body == "Corrected figures."
    if action == "edit_other":
        response = client.post(reverse("discussions:edit_post", args=[other_post.pk]), {"body": "Vandalised."})
        other_post.refresh_from_db()
        return outcome(response), other_post.body == "Vandalised."
    if action == "flag":
        response = client.post(reverse("discussions:flag_post", args=[other_post.pk]), {"reason": "spam"})
        return outcome(response), Flag.objects.filter(post=other_post).exists()
    if action == "hide":
        response = client.post(reverse("discussions:hide_post", args=[other_post.pk]), {"reason": "Off topic"})
        other_post.refresh_from_db()
        return outcome(response), other_post.status == PostStatus.HIDDEN
    if action == "lock":
        response = client.post(
            reverse("discussions:moderate_thread", args=[thread.pk]),
            {
                "is_locked": "on",
                "category": thread.category_id,
            },
        )
        thread.refresh_from_db()
        return outcome(response), thread.is_locked
    if action == "review_queue":
        response = client.get(reverse("discussions_moderation_queue"))
        if response.status_code == 302 and "/admin/login/" in response["Location"]:
            return (LOGIN if user is None else DENIED), False
        return outcome(response), response.status_code == 200
    if action == "directory":
        response = client.get(reverse("members:directory"))
        return outcome(response), response.status_code == 200
    if action == "suspend_member":
        member = world["target_member"]
        response = client.post(
            reverse("members:moderate", args=[member.username]),
            {
                "action": "suspend",
                "suspend-days": "3",
                "suspend-reason": "Repeated spam",
            },
        )
        member.profile.refresh_from_db()
        return outcome(response), member.profile.is_suspended
    raise AssertionError(action)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("action", list(EXPECTED))
def test_permission_matrix(action, role_index, role, client, as_role, world):
    user = as_role(role)
    result, saved = do_action(action, client, user, world)
    expected = EXPECTED[action][role_index]
    assert result == expected, f"{role} {action}: got {result}, expected {expected}"
    assert saved == (expected == OK), f"{role} {action}: saved={saved}"


def test_suspended_member_cannot_post_or_reply(client, world):
    from cop.members.services import suspend_member

    member = UserFactory()
    suspend_member(member, days=2, reason="Cooling off")
    client.force_login(member)
    response = client.post(reverse("discussions:reply", args=[world["thread"].pk]), {"body": "Hello"})
    assert response.status_code in (400, 403)
    assert not Post.objects.filter(author=member).exists()
    page = client.get(reverse("discussions:new_thread"))
    assert "Your account is suspended" in page.content.decode()


def test_thread_author_can_accept_but_other_members_cannot(client, world):
    thread, reply = world["thread"], world["other_post"]
    client.force_login(UserFactory())
    assert client.post(reverse("discussions:accept", args=[reply.pk])).status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_post_id is None
    client.force_login(thread.author)
    client.post(reverse("discussions:accept", args=[reply.pk]))
    thread.refresh_from_db()
    assert thread.accepted_post_id == reply.pk
