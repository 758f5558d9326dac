"""Writes in discussions: posting, editing, reactions, flags, moderation, watching, notifications.

Every function checks permission and limits again (views are not trusted) and runs in a
transaction, so a refused action saves nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, Q
from django.urls import reverse
from django.utils import timezone

from cop.core.cache import purge_page_cache
from cop.core.errors import NotPermitted
from cop.members.models import User
from cop.members.selectors import has_verified_email, is_moderator, is_verified_officer

from . import permissions
from .models import (
    MAX_BODY_LENGTH,
    MAX_TITLE_LENGTH,
    CategorySubscription,
    Flag,
    FlagStatus,
    Notification,
    NotificationKind,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    Thread,
    ThreadRead,
    ThreadServiceArea,
    ThreadSubscription,
    WatchLevel,
)

AUTO_HIDE_FLAGS = 3
MENTION_PATTERN = re.compile(r"(?<![\w@/])@([A-Za-z0-9][\w.+-]{0,149})")
SERVICE_CODE_PATTERN = re.compile(r"^\d{3}$")
MAX_TAGS = 8
MAX_TAG_LENGTH = 50


class RateLimited(Exception):
    """A posting limit was reached; the message says what and for how long (`seconds`: Retry-After)."""

    def __init__(self, message: str, seconds: int = 60):
        super().__init__(message)
        self.seconds = seconds


def min_post_interval() -> int:
    return settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS


def new_member_days() -> int:
    return settings.DISCUSSIONS_NEW_MEMBER_DAYS


def new_member_threads_per_day() -> int:
    return settings.DISCUSSIONS_NEW_MEMBER_THREADS_PER_DAY


def flag_trust_days() -> int:
    return settings.DISCUSSIONS_FLAG_TRUST_DAYS


def flag_trust_posts() -> int:
    return settings.DISCUSSIONS_FLAG_TRUST_POSTS


def approval_needed_for_first_posts() -> int:
    """How many of a new member's first posts wait for a moderator (0 turns approval off)."""
    return settings.DISCUSSIONS_APPROVE_FIRST_POSTS


# ---------------------------------------------------------------- validation and limits


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your message"})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            {"body": f"Your message must be {MAX_BODY_LENGTH:,} characters or fewer (it has {len(body):,})"}
        )
    return body


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Enter a title"})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError({"title": f"The title must be {MAX_TITLE_LENGTH} characters or fewer"})
    return title


def clean_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError({"tags": f"Each tag must be {MAX_TAG_LENGTH} characters or fewer"})
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": f"Use {MAX_TAGS} tags or fewer"})
    return cleaned


def clean_service_codes(codes) -> list[str]:
    if isinstance(codes, str):
        codes = codes.replace(",", " ").split()
    cleaned = []
    for code in codes or []:
        code = str(code).strip()
        if not SERVICE_CODE_PATTERN.match(code):
            raise ValidationError(
                {"service_codes": "Service area codes are three-digit RO line codes, for example 190"}
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def is_new_member(user) -> bool:
    return user.date_joined > timezone.now() - timedelta(days=new_member_days())


def require_verified_email(user, doing: str) -> None:
    """Posting and flagging need a confirmed email: throwaway sign-ups cannot speak or flag."""
    if not has_verified_email(user):
        raise NotPermitted(
            f"Confirm your email address before you {doing}. Follow the link in the email we sent when you "
            f"signed up, or send a new one from your email settings at {reverse('account_email')}."
        )


def check_rate_limits(user, *, starting_thread: bool) -> None:
    """Raise RateLimited when the member must wait; moderators are exempt."""
    if is_moderator(user):
        return
    now = timezone.now()
    interval = min_post_interval()
    if interval > 0:
        last = Post.objects.filter(author=user).aggregate(last=Max("created_at"))["last"]
        if last and last > now - timedelta(seconds=interval):
            wait = int((last + timedelta(seconds=interval) - now).total_seconds()) + 1
            raise RateLimited(
                f"You are posting too quickly. Wait {wait} second{'s' if wait != 1 else ''} before posting again.",
                seconds=wait,
            )
    if starting_thread and is_new_member(user) and not is_verified_officer(user):
        limit = new_member_threads_per_day()
        started = Thread.objects.filter(author=user, created_at__gt=now - timedelta(days=1)).count()
        if started >= limit:
            oldest = (
                Thread.objects.filter(author=user, created_at__gt=now - timedelta(days=1))
                .order_by("created_at")
                .values_list("created_at", flat=True)
                .first()
            )
            wait = int((oldest + timedelta(days=1) - now).total_seconds()) + 1 if oldest else 86400
            raise RateLimited(
                f"New members can start {limit} discussions a day. You can start another one tomorrow, "
                "or reply to an existing discussion.",
                seconds=wait,
            )


def _needs_approval(user) -> bool:
    first_posts = approval_needed_for_first_posts()
    if first_posts <= 0 or is_moderator(user) or is_verified_officer(user):
        return False
    return Post.objects.filter(author=user, status=PostStatus.VISIBLE).count() < first_posts


# ---------------------------------------------------------------- posting


def _refresh_thread_counts(thread: Thread) -> None:
    visible = Post.objects.filter(thread=thread, status=PostStatus.VISIBLE)
    reply_count = visible.filter(is_opening=False).count()
    last = visible.aggregate(last=Max("created_at"))["last"] or thread.created_at or timezone.now()
    opening = Post.objects.filter(thread=thread, is_opening=True).values_list("status", flat=True).first()
    is_visible = opening == PostStatus.VISIBLE
    Thread.objects.filter(pk=thread.pk).update(reply_count=reply_count, last_activity_at=last, is_visible=is_visible)
    thread.reply_count, thread.last_activity_at, thread.is_visible = reply_count, last, is_visible


@transaction.atomic
def create_thread(
    author, category, *, title: str, body: str, tags=(), case_study=None, service_codes=(), group=None
) -> Thread:
    if group is not None and not permissions.can_start_thread(author, category, group):
        raise NotPermitted("Only the group's members can start a discussion in it")
    if not permissions.can_start_thread(author, category):
        raise NotPermitted("You cannot start a discussion in this category")
    require_verified_email(author, "start a discussion")
    errors = {}
    cleaned = {}
    for field, cleaner, value in (
        ("title", clean_title, title),
        ("body", clean_body, body),
        ("tags", clean_tags, tags),
        ("service_codes", clean_service_codes, service_codes),
    ):
        try:
            cleaned[field] = cleaner(value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    check_rate_limits(author, starting_thread=True)

    now = timezone.now()
    status = PostStatus.PENDING if _needs_approval(author) else PostStatus.VISIBLE
    thread = Thread.objects.create(
        category=category,
        title=cleaned["title"],
        author=author,
        case_study=case_study,
        group=group,
        last_activity_at=now,
        is_visible=status == PostStatus.VISIBLE,
    )
    if cleaned["tags"]:
        thread.tags.set(cleaned["tags"])
    ThreadServiceArea.objects.bulk_create(ThreadServiceArea(thread=thread, code=c) for c in cleaned["service_codes"])
    post = Post.objects.create(thread=thread, author=author, body=cleaned["body"], is_opening=True, status=status)
    ThreadSubscription.objects.update_or_create(user=author, thread=thread, defaults={"level": WatchLevel.WATCH})
    mark_thread_read(author, thread)
    if status == PostStatus.VISIBLE:
        _notify_new_post(post)
        transaction.on_commit(purge_page_cache)
    return thread


@transaction.atomic
def create_reply(author, thread: Thread, *, body: str) -> Post:
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    if thread.is_locked and not is_moderator(author):
        raise NotPermitted("This discussion is locked: no new replies can be added")
    if not permissions.can_reply(author, thread):
        raise NotPermitted("You cannot reply to this discussion")
    require_verified_email(author, "reply")
    body = clean_body(body)
    check_rate_limits(author, starting_thread=False)
    status = PostStatus.PENDING if _needs_approval(author) else PostStatus.VISIBLE
    post = Post.objects.create(thread=thread, author=author, body=body, status=status)
    if status == PostStatus.VISIBLE:
        _refresh_thread_counts(thread)
        _notify_new_post(post)
        transaction.on_commit(purge_page_cache)
    mark_thread_read(author, thread)
    return post


@transaction.atomic
def edit_post(editor, post: Post, *, body: str, title: str | None = None) -> Post:
    if not permissions.can_edit_post(editor, post):
        raise NotPermitted("You cannot edit this post")
    errors = {}
    try:
        body = clean_body(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    if title is not None and post.is_opening:
        try:
            title = clean_title(title)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    thread = post.thread
    title_changed = title is not None and post.is_opening and title != thread.title
    if body == post.body and not title_changed:
        return post
    PostRevision.objects.create(
        post=post, body=post.body, title=thread.title if post.is_opening else "", edited_by=editor
    )
    post.body = body
    post.edited_at = timezone.now()
    post.save()
    if title_changed:
        thread.title = title
        thread.save(update_fields=["title"])
    transaction.on_commit(purge_page_cache)
    return post


@transaction.atomic
def toggle_helpful(user, post: Post) -> bool:
    """Mark or unmark a post as helpful; returns whether it is now marked."""
    if not permissions.can_react(user, post):
        raise NotPermitted("You cannot mark this post as helpful")
    deleted, _ = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    Reaction.objects.create(post=post, user=user)
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    return True


@transaction.atomic
def accept_answer(user, post: Post) -> Thread:
    thread = post.thread
    if not permissions.can_accept_answer(user, thread):
        raise NotPermitted("Only the person who started the discussion or a moderator can accept an answer")
    if post.is_opening or post.status != PostStatus.VISIBLE:
        raise ValidationError("Only a visible reply can be the accepted answer")
    if thread.accepted_post_id == post.pk:
        thread.accepted_post = None
    else:
        thread.accepted_post = post
        if post.author_id and post.author_id != user.pk and not post.author.deleted_at:
            _create_notifications([post.author_id], NotificationKind.ACCEPTED, post, actor=user)
    thread.save(update_fields=["accepted_post"])
    transaction.on_commit(purge_page_cache)
    return thread


# ---------------------------------------------------------------- flags and moderation


@transaction.atomic
def flag_post(reporter, post: Post, *, reason: str, detail: str = "") -> Flag:
    from .models import FlagReason

    if not permissions.can_flag(reporter, post):
        raise NotPermitted("You cannot flag this post")
    require_verified_email(reporter, "flag a post")
    if reason not in FlagReason.values:
        raise ValidationError({"reason": "Select why you are flagging this post"})
    detail = (detail or "").strip()
    if len(detail) > 500:
        raise ValidationError({"detail": "Your explanation must be 500 characters or fewer"})
    if reason == FlagReason.OTHER and not detail:
        raise ValidationError({"detail": "Explain what is wrong with this post"})
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, reporter=reporter, reason=reason, detail=detail)
    except IntegrityError:
        raise ValidationError({"reason": "You have already flagged this post; moderators will review it"})
    post = Post.objects.select_for_update().get(pk=post.pk)
    reporters = [
        f.reporter for f in Flag.objects.filter(post=post, status=FlagStatus.PENDING).select_related("reporter")
    ]
    # Every flag queues the post for review; only trusted flags hide it (see is_trusted_flagger).
    post.pending_flag_count = len(reporters)
    fields = ["pending_flag_count"]
    hide_reason = _auto_hide_reason([r for r in reporters if r is not None])
    if hide_reason and post.status == PostStatus.VISIBLE:
        post.status = PostStatus.HIDDEN
        post.auto_hidden = True
        post.hidden_reason = hide_reason
        fields += ["status", "auto_hidden", "hidden_reason"]
    Post.objects.filter(pk=post.pk).update(**{f: getattr(post, f) for f in fields})
    if "status" in fields:
        _refresh_thread_counts(post.thread)
        transaction.on_commit(purge_page_cache)
    return flag


def is_trusted_flagger(user) -> bool:
    """As Discourse's trust levels: a flag hides a post only when it comes from a moderator or an
    established member (confirmed email, account at least N days old, at least M visible posts).
    Anyone else's flag still puts the post in the moderators' queue."""
    if is_moderator(user):
        return True
    if not has_verified_email(user) or user.date_joined > timezone.now() - timedelta(days=flag_trust_days()):
        return False
    return Post.objects.filter(author=user, status=PostStatus.VISIBLE).count() >= flag_trust_posts()


def _auto_hide_reason(reporters) -> str:
    """Why the flags so far hide the post automatically, or "" if they do not."""
    if any(is_moderator(r) for r in reporters):
        return "Hidden after a moderator flagged it, pending review"
    if sum(1 for r in reporters if is_trusted_flagger(r)) >= AUTO_HIDE_FLAGS:
        return f"Hidden automatically after {AUTO_HIDE_FLAGS} flags, pending review by a moderator"
    return ""


def _require_moderator(user):
    if not permissions.can_moderate(user):
        raise NotPermitted("Only moderators can do this")


@transaction.atomic
def hide_post(moderator, post: Post, *, reason: str) -> Post:
    _require_moderator(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for hiding this post"})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer"})
    post.status = PostStatus.HIDDEN
    post.hidden_reason = reason
    post.auto_hidden = False
    post.save()
    _close_flags(post, moderator, FlagStatus.UPHELD)
    _refresh_thread_counts(post.thread)
    if post.author_id:
        _create_notifications([post.author_id], NotificationKind.HIDDEN, post, actor=moderator, email=False)
    transaction.on_commit(purge_page_cache)
    return post


@transaction.atomic
def restore_post(moderator, post: Post) -> Post:
    """Make a hidden or pending post visible and dismiss its pending flags."""
    _require_moderator(moderator)
    was_pending = post.status == PostStatus.PENDING
    post.status = PostStatus.VISIBLE
    post.hidden_reason = ""
    post.auto_hidden = False
    post.save()
    _close_flags(post, moderator, FlagStatus.DISMISSED)
    _refresh_thread_counts(post.thread)
    if was_pending:
        if post.author_id:
            _create_notifications([post.author_id], NotificationKind.APPROVED, post, actor=moderator, email=False)
        _notify_new_post(post)
    transaction.on_commit(purge_page_cache)
    return post


approve_post = restore_post


def _close_flags(post, moderator, status):
    Flag.objects.filter(post=post, status=FlagStatus.PENDING).update(
        status=status, reviewed_by=moderator, reviewed_at=timezone.now()
    )
    Post.objects.filter(pk=post.pk).update(pending_flag_count=0)
    post.pending_flag_count = 0


@transaction.atomic
def moderate_thread(moderator, thread: Thread, *, locked: bool, pinned: bool, category=None) -> Thread:
    _require_moderator(moderator)
    thread.is_locked = locked
    thread.is_pinned = pinned
    if category is not None:
        thread.category = category
    thread.save(update_fields=["is_locked", "is_pinned", "category"])
    transaction.on_commit(purge_page_cache)
    return thread


# ---------------------------------------------------------------- watching and reading


def set_thread_watch(user, thread: Thread, level: str) -> None:
    if level not in WatchLevel.values:
        raise ValidationError({"level": "Choose how closely to watch this discussion"})
    if not permissions.can_see_thread(user, thread) or not user.is_authenticated:
        raise NotPermitted
    ThreadSubscription.objects.update_or_create(user=user, thread=thread, defaults={"level": level})


def set_category_watch(user, category, level: str) -> None:
    if level not in WatchLevel.values:
        raise ValidationError({"level": "Choose how closely to watch this category"})
    if not permissions.can_see_category(user, category) or not user.is_authenticated:
        raise NotPermitted
    CategorySubscription.objects.update_or_create(user=user, category=category, defaults={"level": level})


def mark_thread_read(user, thread: Thread) -> None:
    if not user.is_authenticated:
        return
    # A member re-reading a thread with nothing new costs one read, not a transaction and two writes.
    unread = Notification.objects.filter(recipient=user, thread=thread, read_at__isnull=True)
    if (
        ThreadRead.objects.filter(user=user, thread=thread, last_read_at__gte=thread.last_activity_at)
        .filter(~Exists(unread))
        .exists()
    ):
        return
    ThreadRead.objects.update_or_create(user=user, thread=thread, defaults={"last_read_at": timezone.now()})
    Notification.objects.filter(recipient=user, thread=thread, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_notifications_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------- notifications


def mentioned_users(body: str, thread: Thread):
    """Members @mentioned in a post who can see the thread (by username)."""
    names = {m.lower() for m in MENTION_PATTERN.findall(body or "")}
    names = {n.rstrip(".") for n in names}
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    users = User.objects.filter(query, is_active=True, deleted_at__isnull=True).select_related("profile")
    return [u for u in users if permissions.can_see_thread(u, thread)]


def _notify_new_post(post: Post) -> None:
    thread = post.thread
    author_id = post.author_id
    thread_levels = dict(ThreadSubscription.objects.filter(thread=thread).values_list("user_id", "level"))
    category_levels = dict(
        CategorySubscription.objects.filter(category_id=thread.category_id).values_list("user_id", "level")
    )

    def muted(user_id):
        level = thread_levels.get(user_id) or category_levels.get(user_id)
        return level == WatchLevel.MUTE

    mentioned = {u.pk for u in mentioned_users(post.body, thread)} - {author_id}
    mentioned = {uid for uid in mentioned if not muted(uid)}
    if mentioned:
        _create_notifications(sorted(mentioned), NotificationKind.MENTION, post)

    reply_recipients = set()
    if not post.is_opening:
        reply_recipients |= {uid for uid, level in thread_levels.items() if level == WatchLevel.WATCH}
        if thread.author_id and thread_levels.get(thread.author_id) != WatchLevel.MUTE:
            reply_recipients.add(thread.author_id)
    reply_recipients |= {
        uid for uid, level in category_levels.items() if level == WatchLevel.WATCH and uid not in thread_levels
    }
    reply_recipients -= mentioned | {author_id, None}
    if reply_recipients:
        visible_to = [
            u.pk
            for u in User.objects.filter(pk__in=reply_recipients, is_active=True).select_related("profile")
            if permissions.can_see_thread(u, thread)
        ]
        _create_notifications(sorted(visible_to), NotificationKind.REPLY, post)


def _create_notifications(recipient_ids, kind, post, *, actor=None, email=True) -> list[Notification]:
    actor = actor or post.author
    created = Notification.objects.bulk_create(
        Notification(recipient_id=rid, kind=kind, actor=actor, thread_id=post.thread_id, post=post)
        for rid in recipient_ids
    )
    if email and created:
        from .tasks import send_notification_emails

        ids = [n.pk for n in Notification.objects.filter(post=post, kind=kind, recipient_id__in=recipient_ids)]
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


# ---------------------------------------------------------------- members leaving


def forget_member(user) -> None:
    """Remove a departing member's personal settings; their posts stay, shown as "Former member"."""
    ThreadSubscription.objects.filter(user=user).delete()
    CategorySubscription.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    helped = list(Reaction.objects.filter(user=user).values_list("post_id", flat=True))
    Reaction.objects.filter(user=user).delete()
    Post.objects.filter(pk__in=helped, helpful_count__gt=0).update(helpful_count=F("helpful_count") - 1)
    Flag.objects.filter(reporter=user, status=FlagStatus.PENDING).update(reporter=None)
    PostRevision.objects.filter(edited_by=user).update(edited_by=None)
    purge_page_cache()
