"""Who may do what in discussions. Every view checks these on the server."""

from cop.communities.selectors import can_post, can_view_content
from cop.members.selectors import is_moderator, is_suspended, is_verified_officer

from .models import PostStatus


def _active_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and not getattr(user, "deleted_at", None))


def can_see_category(user, category) -> bool:
    if not category.restricted:
        return True
    return _active_member(user) and (is_verified_officer(user) or is_moderator(user))


def can_see_thread(user, thread) -> bool:
    if not can_see_category(user, thread.category):
        return False
    if thread.group_id and not can_view_content(user, thread.group):
        return False
    if thread.is_visible:
        return True
    # Awaiting approval or hidden: only its author and moderators.
    return _active_member(user) and (thread.author_id == user.pk or is_moderator(user))


def can_see_post_body(user, post) -> bool:
    if post.status == PostStatus.VISIBLE:
        return True
    return _active_member(user) and (post.author_id == user.pk or is_moderator(user))


def can_participate(user) -> bool:
    """Signed in, active and not suspended."""
    return _active_member(user) and not is_suspended(user)


def can_start_thread(user, category, group=None) -> bool:
    if group is not None and not can_post(user, group):
        return False
    return can_participate(user) and can_see_category(user, category)


def can_reply(user, thread) -> bool:
    if not (can_participate(user) and can_see_thread(user, thread)):
        return False
    # In a group, only its members post (moderators too, to answer flags).
    if thread.group_id and not (can_post(user, thread.group) or is_moderator(user)):
        return False
    return not thread.is_locked or is_moderator(user)


def can_edit_post(user, post) -> bool:
    if not can_participate(user):
        return False
    if is_moderator(user):
        return True
    return post.author_id == user.pk and not post.thread.is_locked and post.status != PostStatus.HIDDEN


def can_flag(user, post) -> bool:
    return (
        can_participate(user)
        and post.author_id != user.pk
        and post.status == PostStatus.VISIBLE
        and can_see_thread(user, post.thread)
    )


def can_react(user, post) -> bool:
    return can_participate(user) and post.author_id != user.pk and post.status == PostStatus.VISIBLE


def can_accept_answer(user, thread) -> bool:
    if not can_participate(user):
        return False
    return is_moderator(user) or (thread.author_id == user.pk and not thread.is_locked)


def can_moderate(user) -> bool:
    return is_moderator(user)


def mark_post_permissions(posts, user, thread) -> None:
    """What the reader may do with each post, set on the posts for the template."""
    signed_in = user.is_authenticated
    for post in posts:
        post.thread = thread  # the permission checks read it; avoid a query per post
        post.can_edit = can_edit_post(user, post) if signed_in else False
        post.can_flag = can_flag(user, post) if signed_in else False
        post.can_react = can_react(user, post) if signed_in else False
        post.is_accepted = post.pk == thread.accepted_post_id
