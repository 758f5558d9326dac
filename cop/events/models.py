"""Events: date and time, online or at a venue, an agenda with speakers, and materials
and recordings afterwards; listed as upcoming and past, each with an iCalendar file."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cop.communities.selectors import can_view_content
from cop.core.blocks import DocumentLinkBlock, LinkBlock, SafeEmbedBlock
from cop.core.pages import PageContextMixin


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=100)
    role = blocks.CharBlock(max_length=150, required=False)
    organisation = blocks.CharBlock(max_length=150, required=False)


class AgendaItemBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock()
    end_time = blocks.TimeBlock(required=False)
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False)
    speakers = blocks.ListBlock(SpeakerBlock(), default=[])

    class Meta:
        icon = "time"


class EventMode(models.TextChoices):
    ONLINE = "online", "Online"
    VENUE = "venue", "In person"
    HYBRID = "hybrid", "In person and online"


class EventIndexPage(PageContextMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1


class EventPage(Page):
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=EventMode.choices, default=EventMode.ONLINE)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    joining_url = models.URLField("joining link", blank=True, help_text="Link to join online (shown to everyone)")
    summary = models.TextField(max_length=500)
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])
    agenda = StreamField([("item", AgendaItemBlock())], blank=True)
    materials = StreamField([("document", DocumentLinkBlock()), ("link", LinkBlock())], blank=True)
    recordings = StreamField([("embed", SafeEmbedBlock()), ("link", LinkBlock())], blank=True)
    group = models.ForeignKey(
        "communities.CommunityGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="A group's event: in a closed group only its members can find and open it",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("mode"), FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("joining_url")],
            heading="Where",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("recordings"),
        FieldPanel("group"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("agenda"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
        index.FilterField("mode"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.mode in (EventMode.VENUE, EventMode.HYBRID) and not self.venue_name:
            errors["venue_name"] = "Enter the venue for an in-person event."
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def serve(self, request, *args, **kwargs):
        if self.group_id and not can_view_content(request.user, self.group):
            raise Http404
        return super().serve(request, *args, **kwargs)
