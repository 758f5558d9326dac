"""Read-only questions about discussions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse

from cop.communities.models import Access
from cop.communities.registry import ContentItem
from cop.communities.selectors import visible_content_q
from cop.members.selectors import is_moderator, is_verified_officer

from .models import (
    Category,
    CategorySubscription,
    Flag,
    FlagStatus,
    Notification,
    Post,
    PostStatus,
    Reaction,
    Thread,
    ThreadRead,
    ThreadSubscription,
    WatchLevel,
)

SORTS = {
    "activity": ("Latest activity", ["-is_pinned", "-last_activity_at", "-id"]),
    "newest": ("Newest", ["-created_at", "-id"]),
    "unanswered": ("Unanswered", ["-created_at", "-id"]),
}


def visible_categories(user):
    categories = Category.objects.all()
    if not (is_verified_officer(user) or is_moderator(user)):
        categories = categories.filter(restricted=False)
    return categories


def categories_with_counts(user):
    counted = Q(threads__is_visible=True) & visible_content_q(user, "threads__group")
    return visible_categories(user).annotate(thread_count=Count("threads", filter=counted))


# Threads everyone may read: in no group or in an open group (for listings shared by all visitors).
PUBLIC_GROUP = Q(group__isnull=True) | Q(group__access=Access.OPEN)


def search_threads(threads, query: str):
    """Filter by words in the title: PostgreSQL full text (GIN index, stemmed), else LIKE per word."""
    from django.db import connection

    query = " ".join(query.split())[:100]
    if not query:
        return threads
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return threads.annotate(title_vector=SearchVector("title", config="english")).filter(
            title_vector=SearchQuery(query, config="english", search_type="websearch")
        )
    for word in query.split()[:8]:
        threads = threads.filter(title__icontains=word)
    return threads


def thread_list(user, *, category=None, sort: str = "activity", tag: str = "", query: str = ""):
    """Visible threads the user may read, sorted, with unread markers for signed-in members."""
    threads = Thread.objects.filter(visible_content_q(user), is_visible=True).select_related(
        "category", "author", "group"
    )
    threads = search_threads(threads, query)
    if category is not None:
        threads = threads.filter(category=category)
    else:
        threads = threads.filter(category__in=visible_categories(user))
    if tag:
        threads = threads.filter(tags__name__iexact=tag)
    if sort == "unanswered":
        threads = threads.filter(accepted_post__isnull=True, reply_count=0)
    if sort not in SORTS:
        sort = "activity"
    if sort != "activity":
        threads = threads.order_by(*SORTS[sort][1])
    else:
        threads = threads.order_by(*SORTS["activity"][1])
    if user is not None and user.is_authenticated:
        threads = threads.annotate(
            last_read_at=Subquery(
                ThreadRead.objects.filter(user=user, thread=OuterRef("pk")).values("last_read_at")[:1]
            )
        )
    return threads


def is_unread(thread) -> bool:
    last_read = getattr(thread, "last_read_at", None)
    return last_read is None or thread.last_activity_at > last_read


def latest_threads(limit: int = 5):
    """For the home page: the most recently active public threads."""
    return list(
        Thread.objects.filter(PUBLIC_GROUP, is_visible=True, category__restricted=False)
        .select_related("category")
        .order_by("-last_activity_at", "-id")[:limit]
    )


def threads_for_service(service_code: str, limit: int = 10):
    """Public threads linked to a benchmark service area (RO line code, e.g. "190")."""
    return list(
        Thread.objects.filter(
            PUBLIC_GROUP, is_visible=True, category__restricted=False, service_areas__code=str(service_code)
        )
        .select_related("category")
        .order_by("-last_activity_at", "-id")
        .distinct()[:limit]
    )


def thread_posts(thread, user):
    """The posts of a thread the user may see, in order, with everything the page shows in a fixed
    number of queries however many replies there are."""
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author__profile__organisation", "author__profile__verified_council")
        .order_by("created_at", "id")
    )
    if not is_moderator(user):
        visible = Q(status=PostStatus.VISIBLE)
        if user is not None and user.is_authenticated:
            visible |= Q(author=user)
        posts = posts.filter(visible)
    if user is not None and user.is_authenticated:
        posts = posts.annotate(
            marked_helpful=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=user)),
            flagged_by_me=Exists(Flag.objects.filter(post=OuterRef("pk"), reporter=user)),
        )
    return posts


def thread_watch_level(user, thread) -> str:
    if not user.is_authenticated:
        return WatchLevel.NORMAL
    level = ThreadSubscription.objects.filter(user=user, thread=thread).values_list("level", flat=True).first()
    return level or WatchLevel.NORMAL


def category_watch_level(user, category) -> str:
    if not user.is_authenticated:
        return WatchLevel.NORMAL
    level = CategorySubscription.objects.filter(user=user, category=category).values_list("level", flat=True).first()
    return level or WatchLevel.NORMAL


def notifications_for(user):
    # Someone who has left a closed group no longer sees what happened in it.
    return Notification.objects.filter(visible_content_q(user, "thread__group"), recipient=user).select_related(
        "thread", "actor", "post"
    )


def unread_notification_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def member_threads(member, viewer, limit: int = 20):
    return list(
        Thread.objects.filter(
            visible_content_q(viewer), author=member, is_visible=True, category__in=visible_categories(viewer)
        )
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def member_answers(member, viewer, limit: int = 20):
    return list(
        Post.objects.filter(
            visible_content_q(viewer, "thread__group"),
            author=member,
            is_opening=False,
            status=PostStatus.VISIBLE,
            thread__is_visible=True,
            thread__category__in=visible_categories(viewer),
        )
        .select_related("thread")
        .order_by("-created_at")[:limit]
    )


def expertise_locator(topic: str, viewer, limit: int = 20):
    """Members who have answered (replied in) discussions about a topic, most answers first.

    A discussion is "about" the topic when it is tagged with it or its title mentions it.
    """
    from cop.members.models import User

    topic = (topic or "").strip()
    if not topic:
        return []
    threads = Thread.objects.filter(
        Q(tags__name__iexact=topic) | Q(title__icontains=topic),
        visible_content_q(viewer),
        is_visible=True,
        category__in=visible_categories(viewer),
    ).values("pk")
    answers = Q(posts__thread__in=threads, posts__is_opening=False, posts__status=PostStatus.VISIBLE)
    accepted = Q(posts__thread__accepted_post=F("posts__pk")) & answers
    return list(
        User.objects.filter(is_active=True, deleted_at__isnull=True)
        .annotate(answer_count=Count("posts", filter=answers, distinct=True))
        .annotate(accepted_count=Count("posts", filter=accepted, distinct=True))
        .filter(answer_count__gt=0)
        .select_related("profile__organisation")
        .order_by("-accepted_count", "-answer_count", "display_name")[:limit]
    )


def digest_threads_for(user, *, since, limit: int = 10, group=None):
    """New activity for a member's digest: site-wide threads outside closed groups, or (with group)
    the threads of one of their groups."""
    threads = Thread.objects.filter(
        visible_content_q(user), is_visible=True, last_activity_at__gt=since, category__in=visible_categories(user)
    )
    threads = threads.filter(group=group) if group is not None else threads.filter(PUBLIC_GROUP)
    return list(threads.select_related("category").order_by("-last_activity_at")[:limit])


def group_content_items(group, limit: int = 10) -> list[ContentItem]:
    """A group's newest visible threads, for its page, feed, export and API (the caller has
    checked that the viewer may read the group)."""
    threads = (
        Thread.objects.filter(group=group, is_visible=True)
        .select_related("author")
        .order_by("-is_pinned", "-last_activity_at", "-id")[:limit]
    )
    return [
        ContentItem(
            kind="Discussion",
            title=t.title,
            url=t.get_absolute_url(),
            date=t.last_activity_at,
            summary=f"{t.reply_count} repl{'y' if t.reply_count == 1 else 'ies'}",
            author=str(t.author) if t.author and not t.author.deleted_at else "",
        )
        for t in threads
    ]


def new_group_thread_url(group) -> str:
    return reverse("discussions:new_thread") + "?" + urlencode({"group": group.slug})


def moderation_queue():
    """Posts waiting for a moderator: flagged (pending flags) or awaiting approval."""
    flags = Prefetch(
        "flags",
        queryset=Flag.objects.filter(status=FlagStatus.PENDING).select_related("reporter"),
        to_attr="pending_flags",
    )
    return (
        Post.objects.filter(Q(pending_flag_count__gt=0) | Q(status=PostStatus.PENDING))
        .select_related("thread__category", "author")
        .prefetch_related(flags)
        .order_by("-pending_flag_count", "created_at")
    )


def member_data_export(user) -> dict:
    """A member's contributions and settings, for the data download."""
    threads = Thread.objects.filter(author=user).select_related("category").order_by("created_at")
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at")
    return {
        "threads": [
            {
                "title": t.title,
                "category": t.category.name,
                "url": t.get_absolute_url(),
                "created_at": t.created_at.isoformat(),
            }
            for t in threads
        ],
        "posts": [
            {
                "thread": p.thread.title,
                "url": p.get_absolute_url(),
                "body_markdown": p.body,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            }
            for p in posts
        ],
        "helpful_marks_given": list(Reaction.objects.filter(user=user).values_list("post_id", flat=True)),
        "watching": {
            "threads": [
                {"thread": title, "level": level}
                for title, level in ThreadSubscription.objects.filter(user=user).values_list("thread__title", "level")
            ],
            "categories": [
                {"category": name, "level": level}
                for name, level in CategorySubscription.objects.filter(user=user).values_list("category__name", "level")
            ],
        },
        "notifications": [
            {"kind": n.kind, "thread": n.thread.title, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(recipient=user).select_related("thread")
        ],
    }


def thread_shell_meta(thread, posts, user, *, can_reply: bool, page_number: int) -> dict:
    """What a member page shell of the thread page is checked against (cop.discussions.member_pages)."""
    state = thread_member_state(user, thread.pk)
    return {
        "thread": thread.pk,
        "author": thread.author_id,
        "stamp": state.stamp if state else "",
        "posts": [post.pk for post in posts],
        "can_reply": can_reply,
        "page": page_number,
    }


@dataclass(frozen=True)
class ThreadMemberState:
    author_id: int | None
    public: bool  # visible, in an unrestricted category
    own_posts: bool
    own_unseen_posts: bool  # awaiting approval or hidden: shown to their author only
    reactions: str  # the member's reactions in the thread: "count.last id" (changes on any change)
    flags: str  # the same for their flags
    watch_level: str
    read: bool  # read since the last activity, with no unread notification
    stamp: str  # every reaction in the thread ("count.last id") and the thread's last activity


def _member_state_sql() -> str:
    """One statement (PostgreSQL and SQLite): building it with the ORM costs more CPU than the
    rest of a member's thread page, which is the point of the member page shell."""
    t, c, p = Thread._meta.db_table, Category._meta.db_table, Post._meta.db_table
    r, f, s = Reaction._meta.db_table, Flag._meta.db_table, ThreadSubscription._meta.db_table
    n, rd = Notification._meta.db_table, ThreadRead._meta.db_table
    # Table names come from the models; every value is a parameter.
    return f"""
    SELECT t.author_id, t.is_visible, c.restricted, t.last_activity_at,
      EXISTS (SELECT 1 FROM {p} p WHERE p.thread_id = t.id AND p.author_id = %s),
      EXISTS (SELECT 1 FROM {p} p WHERE p.thread_id = t.id AND p.author_id = %s AND p.status <> %s),
      (SELECT COUNT(*) || '.' || COALESCE(MAX(r.id), 0) FROM {r} r JOIN {p} p ON p.id = r.post_id
        WHERE p.thread_id = t.id AND r.user_id = %s),
      (SELECT COUNT(*) || '.' || COALESCE(MAX(f.id), 0) FROM {f} f JOIN {p} p ON p.id = f.post_id
        WHERE p.thread_id = t.id AND f.reporter_id = %s),
      (SELECT s.level FROM {s} s WHERE s.thread_id = t.id AND s.user_id = %s),
      EXISTS (SELECT 1 FROM {n} n WHERE n.thread_id = t.id AND n.recipient_id = %s AND n.read_at IS NULL),
      EXISTS (SELECT 1 FROM {rd} rd WHERE rd.thread_id = t.id AND rd.user_id = %s
        AND rd.last_read_at >= t.last_activity_at),
      (SELECT COUNT(*) || '.' || COALESCE(MAX(r.id), 0) FROM {r} r JOIN {p} p ON p.id = r.post_id
        WHERE p.thread_id = t.id)
    FROM {t} t JOIN {c} c ON c.id = t.category_id
    WHERE t.id = %s
    """  # noqa: S608


def thread_member_state(user, thread_id) -> ThreadMemberState | None:
    """Everything of this member's own in a thread, and the thread's reaction stamp: one query."""
    from django.db import connection

    uid = user.pk
    with connection.cursor() as cursor:
        cursor.execute(_member_state_sql(), [uid, uid, PostStatus.VISIBLE, uid, uid, uid, uid, uid, thread_id])
        row = cursor.fetchone()
    if row is None:
        return None
    author_id, visible, restricted, last_activity, own, unseen, reactions, flags, watch, notified, read, stamp = row
    return ThreadMemberState(
        author_id=author_id,
        public=bool(visible) and not restricted,
        own_posts=bool(own),
        own_unseen_posts=bool(unseen),
        reactions=str(reactions),
        flags=str(flags),
        watch_level=watch or WatchLevel.NORMAL,
        read=bool(read) and not notified,
        stamp=f"{stamp}|{last_activity}",
    )


def own_posts_among(thread, user, post_ids, also=()):
    """Of these posts, those the member wrote, marked helpful or flagged (shown differently to
    them), and those in ``also``; with what the page shows, in one query."""
    return list(
        thread_posts(thread, user)
        .filter(pk__in=post_ids)
        .filter(Q(author=user) | Q(marked_helpful=True) | Q(flagged_by_me=True) | Q(pk__in=list(also)))
    )
