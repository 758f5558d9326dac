"""Threads and replies in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

from cop.sitesearch.models import Audience, group_audience
from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import authority_type_label, service_names, year_of


def _thread_audience(thread) -> str:
    """A closed group's members, else by category."""
    if thread.group_id and thread.group.is_closed:
        return group_audience(thread.group_id)
    return Audience.VERIFIED if thread.category.restricted else Audience.PUBLIC


class ThreadSource(SearchSource):
    key = "thread"
    boost = 1.2
    label = "Discussion"

    @property
    def model(self):
        from cop.discussions.models import Thread

        return Thread

    def visible(self):
        from django.db.models import Prefetch

        from cop.discussions.models import Post, PostStatus

        # A thread awaiting approval or hidden by moderation (is_visible False) is never shown;
        # its opening post's text is used only while that post itself is visible.
        return (
            self.model.objects.filter(is_visible=True)
            .select_related("category", "group", "author__profile__organisation")
            .prefetch_related(
                "tags",
                "service_areas",
                Prefetch(
                    "posts",
                    queryset=Post.objects.filter(is_opening=True, status=PostStatus.VISIBLE),
                    to_attr="visible_opening_posts",
                ),
            )
        )

    def watched(self):
        from cop.communities.models import CommunityGroup
        from cop.discussions.models import Category, Flag, Post, ThreadServiceArea, ThreadTag

        return {
            # A group that opens or closes changes who may find its threads.
            CommunityGroup: lambda group: list(group.threads.values_list("pk", flat=True)),
            # The opening post carries the thread's text and decides whether it is visible.
            Post: lambda post: [post.thread_id] if post.is_opening else [],
            Flag: lambda flag: list(
                Post.objects.filter(pk=flag.post_id, is_opening=True).values_list("thread_id", flat=True)
            ),
            Category: lambda category: list(category.threads.values_list("pk", flat=True)),
            ThreadServiceArea: lambda area: [area.thread_id],
            ThreadTag: lambda tagged: [tagged.content_object_id],
        }

    def describe(self, thread) -> IndexedItem:
        names = service_names()
        services = [names.get(a.code, a.code) for a in thread.service_areas.all()]
        tags = [t.name for t in thread.tags.all()]
        opening = thread.visible_opening_posts[0].body if thread.visible_opening_posts else ""
        organisation = _author_council(thread.author)
        return IndexedItem(
            object_id=str(thread.pk),
            title=thread.title,
            url=thread.get_absolute_url(),
            summary=opening[:500],
            body=opening,
            keywords=" ".join([thread.category.name, *tags, *services] + ([organisation.name] if organisation else [])),
            date=thread.created_at,
            audience=_thread_audience(thread),
            facets={
                "theme": tags,
                "service": services,
                "region": [organisation.region] if organisation else [],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
                "year": year_of(thread.created_at),
            },
        )


def _author_council(user):
    if user is None or getattr(user, "deleted_at", None):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "organisation", None) if profile else None


class ReplySource(SearchSource):
    key = "reply"
    boost = 0.7
    label = "Discussion reply"

    @property
    def model(self):
        from cop.discussions.models import Post

        return Post

    def visible(self):
        from cop.discussions.models import PostStatus

        # Pending and hidden replies, and every reply in a hidden or pending thread, stay out.
        return self.model.objects.filter(
            status=PostStatus.VISIBLE, is_opening=False, thread__is_visible=True
        ).select_related("thread__category", "thread__group", "author__profile__organisation")

    def watched(self):
        from cop.communities.models import CommunityGroup
        from cop.discussions.models import Category, Flag, Thread

        def thread_replies(post):
            # A hidden or approved opening post hides or shows the whole thread.
            return (
                list(self.model.objects.filter(thread_id=post.thread_id).values_list("pk", flat=True))
                if post.is_opening
                else []
            )

        return {
            self.model: thread_replies,
            # Flags can hide a post automatically (with queryset.update(), so no post signal).
            Flag: lambda flag: [flag.post_id],
            Thread: lambda thread: list(thread.posts.values_list("pk", flat=True)),
            Category: lambda category: list(
                self.model.objects.filter(thread__category=category).values_list("pk", flat=True)
            ),
            CommunityGroup: lambda group: list(
                self.model.objects.filter(thread__group=group).values_list("pk", flat=True)
            ),
        }

    def describe(self, post) -> IndexedItem:
        thread = post.thread
        organisation = _author_council(post.author)
        return IndexedItem(
            object_id=str(post.pk),
            # Replies are found by their own words, not by their thread's title.
            title="",
            display_title=f"Reply to: {thread.title}",
            url=f"{thread.get_absolute_url()}#post-{post.pk}",
            summary=post.body[:500],
            body=post.body,
            keywords=" ".join([thread.category.name] + ([organisation.name] if organisation else [])),
            date=post.created_at,
            audience=_thread_audience(thread),
            facets={
                "region": [organisation.region] if organisation else [],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
                "year": year_of(post.created_at),
            },
        )
