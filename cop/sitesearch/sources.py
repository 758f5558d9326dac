"""The searchable sources. Each visible() is the ONE visibility rule of its content type:
whatever it excludes is never indexed, so it cannot appear in results, facet counts or
suggestions. tests/sitesearch/test_visibility.py covers every hidden state."""

from __future__ import annotations

import datetime
import html
import re

from django.utils import timezone
from wagtail.blocks import StreamValue

from .models import Audience
from .registry import IndexedItem, SearchSource, registry

TAG_RE = re.compile(r"<[^>]+>")


def html_text(value: str) -> str:
    # Tags become spaces so that "<p>one</p><p>two</p>" does not read "onetwo".
    return html.unescape(TAG_RE.sub(" ", value or ""))


def text_of(*parts) -> str:
    """Plain text from rich text, StreamField values and strings."""
    out = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, StreamValue):
            out.append(html_text(_block_text([block.value for block in part])))
        else:
            out.append(html_text(str(getattr(part, "source", part))))
    return " ".join(" ".join(out).split())


def _block_text(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "source"):  # RichText
        return value.source or ""
    if isinstance(value, StreamValue):
        return _block_text([block.value for block in value])
    if isinstance(value, dict) or hasattr(value, "items"):
        return " ".join(_block_text(v) for v in value.values())
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ListValue":
        return " ".join(_block_text(v) for v in value)
    return ""


def as_datetime(value) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def authority_type_label(code: str) -> str:
    from benchmarks.models import AuthorityType

    return dict(AuthorityType.choices).get(code, "")


def service_names() -> dict[str, str]:
    from casestudies.models import SERVICE_AREAS

    return dict(SERVICE_AREAS)


def _year(*dates) -> list[str]:
    for value in dates:
        if value:
            return [str(value.year)]
    return []


# Case studies and citizen stories ------------------------------------------------------------


class CaseStudySource(SearchSource):
    key = "case_study"
    boost = 1.5
    label = "Case study"

    @property
    def model(self):
        from casestudies.models import CaseStudyPage

        return CaseStudyPage

    def visible(self):
        return (
            self.model.objects.live().public().prefetch_related("places", "service_areas", "themes", "tags", "partners")
        )

    def watched(self):
        from casestudies.models import CaseStudyPartner

        return {CaseStudyPartner: lambda p: [p.page_id]}

    def describe(self, page) -> IndexedItem:
        places = list(page.places.all())
        names = service_names()
        services = [names.get(s.code, s.name) for s in page.service_areas.all()]
        themes = [t.name for t in page.themes.all()]
        tags = [t.name for t in page.tags.all()]
        partners = [p.name for p in page.partners.all()]
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.problem, page.intervention, page.outcomes, page.lessons),
            keywords=" ".join(
                [p.name for p in places]
                + [p.official_name for p in places if p.official_name]
                + services
                + themes
                + tags
                + partners
                + [page.get_spatial_level_display(), page.get_who_leads_display()]
            ),
            date=page.first_published_at,
            facets={
                "theme": themes,
                "service": services,
                "region": [p.region for p in places],
                "council_type": [authority_type_label(p.authority_type) for p in places],
                "level": [page.get_spatial_level_display()],
                "lead": [page.get_who_leads_display()],
                "year": _year(page.period_start, page.first_published_at),
            },
        )


class CitizenStorySource(SearchSource):
    key = "citizen_story"
    boost = 1.3
    label = "Citizen story"

    @property
    def model(self):
        from casestudies.models import CitizenStoryPage

        return CitizenStoryPage

    def visible(self):
        from casestudies.models import StoryConsent

        # Withdrawn, expired or missing consent: the story is not shown anywhere.
        return (
            self.model.objects.live()
            .public()
            .filter(consent__in=StoryConsent.objects.valid())
            .select_related("place", "service_area", "consent")
        )

    def watched(self):
        from casestudies.models import StoryConsent

        return {StoryConsent: lambda c: [c.story_id]}

    def describe(self, page) -> IndexedItem:
        place = page.place
        area = page.service_area
        service = [service_names().get(area.code, area.name)] if area else []
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.pull_quote,
            body=text_of(page.body),
            keywords=" ".join(filter(None, [place.name if place else "", page.place_description, *service])),
            date=page.first_published_at,
            visible_until=page.consent.expires_on,
            facets={
                "service": service,
                "region": [place.region] if place else [],
                "council_type": [authority_type_label(place.authority_type)] if place else [],
                "year": _year(page.first_published_at),
            },
        )


# Updates and events ----------------------------------------------------------------------------


class UpdateSource(SearchSource):
    key = "update"
    label = "Update"

    @property
    def model(self):
        from cop.updates.models import UpdatePage

        return UpdatePage

    def visible(self):
        return self.model.objects.live().public()

    def describe(self, page) -> IndexedItem:
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.body),
            keywords=" ".join(filter(None, [page.author_name, page.get_category_display()])),
            date=as_datetime(page.date),
            facets={"year": _year(page.date)},
        )


class EventSource(SearchSource):
    key = "event"
    label = "Event"

    @property
    def model(self):
        from cop.events.models import EventPage

        return EventPage

    def visible(self):
        return self.model.objects.live().public()

    def describe(self, page) -> IndexedItem:
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.body, page.agenda),
            keywords=" ".join(filter(None, [page.venue_name, page.get_mode_display()])),
            date=page.start,
            facets={"year": _year(page.start)},
        )


# Library documents ---------------------------------------------------------------------------


class LibraryDocumentSource(SearchSource):
    key = "document"
    boost = 1.2
    label = "Library document"

    @property
    def model(self):
        from cop.library.models import LibraryDocument

        return LibraryDocument

    def visible(self):
        from wagtail.models import Collection, CollectionViewRestriction

        restricted_paths = list(
            Collection.objects.filter(pk__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
                "path", flat=True
            )
        )
        queryset = self.model.objects.filter(show_in_library=True)
        for path in restricted_paths:
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset.prefetch_related("themes", "service_areas")

    def watched(self):
        from wagtail.models import CollectionViewRestriction

        return {CollectionViewRestriction: lambda r: list(self.model.objects.values_list("pk", flat=True))}

    def describe(self, doc) -> IndexedItem:
        names = service_names()
        services = [names.get(s.code, s.name) for s in doc.service_areas.all()]
        themes = [t.name for t in doc.themes.all()]
        return IndexedItem(
            object_id=str(doc.pk),
            title=doc.title,
            url=doc.url,
            summary=doc.summary,
            keywords=" ".join(filter(None, [doc.publisher, doc.get_kind_display(), *themes, *services])),
            date=as_datetime(datetime.date(doc.year, 1, 1)) if doc.year else doc.created_at,
            facets={"theme": themes, "service": services, "year": [str(doc.year)] if doc.year else []},
        )


# Discussions -----------------------------------------------------------------------------------


def _category_audience(category) -> str:
    return Audience.VERIFIED if category.restricted else Audience.PUBLIC


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
            .select_related("category", "author__profile__organisation")
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
        from cop.discussions.models import Category, Flag, Post, ThreadServiceArea, ThreadTag

        return {
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
            audience=_category_audience(thread.category),
            facets={
                "theme": tags,
                "service": services,
                "region": [organisation.region] if organisation else [],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
                "year": _year(thread.created_at),
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
        ).select_related("thread__category", "author__profile__organisation")

    def watched(self):
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
            audience=_category_audience(thread.category),
            facets={
                "region": [organisation.region] if organisation else [],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
                "year": _year(post.created_at),
            },
        )


# Members ---------------------------------------------------------------------------------------


class MemberSource(SearchSource):
    key = "member"
    boost = 0.8
    label = "Member"

    @property
    def model(self):
        from cop.members.models import Profile

        return Profile

    def visible(self):
        # Only members who chose to be listed in the directory, with live accounts. Profiles
        # are shown to signed-in members only (see describe()).
        return (
            self.model.objects.filter(show_in_directory=True, user__is_active=True, user__deleted_at__isnull=True)
            .select_related("user", "organisation")
            .prefetch_related("expertise")
        )

    def watched(self):
        from django.contrib.auth import get_user_model

        from cop.members.models import ExpertiseTag

        return {
            get_user_model(): lambda user: list(self.model.objects.filter(user=user).values_list("pk", flat=True)),
            ExpertiseTag: lambda tagged: [tagged.content_object_id],
        }

    def describe(self, profile) -> IndexedItem:
        expertise = [t.name for t in profile.expertise.all()]
        organisation = profile.organisation
        return IndexedItem(
            object_id=str(profile.pk),
            title=str(profile.user),
            url=member_url(profile),
            summary=" – ".join(filter(None, [profile.role, profile.organisation_name])),
            body=profile.bio,
            keywords=" ".join(expertise + [profile.organisation_name]),
            date=profile.user.date_joined,
            audience=Audience.MEMBERS,
            facets={
                "theme": expertise,
                "region": [profile.region or (organisation.region if organisation else "")],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
            },
        )


def member_url(profile) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("members:detail", args=[profile.user.username])
    except NoReverseMatch:
        return f"/members/{profile.user.username}/"


SOURCES = (
    CaseStudySource,
    CitizenStorySource,
    ThreadSource,
    ReplySource,
    LibraryDocumentSource,
    UpdateSource,
    EventSource,
    MemberSource,
)


def register_all() -> None:
    for source_class in SOURCES:
        registry.register(source_class())
