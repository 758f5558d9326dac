"""Programme updates (news, event write-ups, reports, blog posts) with an RSS/Atom feed."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cop.core.blocks import BODY_BLOCKS
from cop.core.pages import PageContextMixin


class UpdateCategory(models.TextChoices):
    NEWS = "news", "News"
    EVENT = "event", "Event"
    REPORT = "report", "Report"
    BLOG = "blog", "Blog"


class UpdateIndexPage(PageContextMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["updates.UpdatePage"]
    max_count = 1


class UpdatePage(Page):
    date = models.DateField("published date", default=timezone.localdate, db_index=True)
    category = models.CharField(
        max_length=10, choices=UpdateCategory.choices, default=UpdateCategory.NEWS, db_index=True
    )
    summary = models.TextField(max_length=500)
    author_name = models.CharField(max_length=100, blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
        FieldPanel("summary"),
        FieldPanel("author_name"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]
    parent_page_types = ["updates.UpdateIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "update"
