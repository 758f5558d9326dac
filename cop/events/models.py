"""Events: date and time, online or at a venue, an agenda with speakers, and materials
and recordings afterwards; listed as upcoming and past, each with an iCalendar file.

Members register (up to a capacity, then on a waiting list); an online event's joining link is
shown only to registered members. A conference is an event of several days with sessions
(`ConferenceSession`), each with its own discussion thread, materials and recording, a
discussion category for delegates' own discussions and stories, and a delegates' guide."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cop.communities.selectors import can_view_content
from cop.core.blocks import DocumentLinkBlock, LinkBlock, SafeEmbedBlock
from cop.core.pages import PageContextMixin
from cop.core.times import UKTimeField, UKTimeModelField


class UKTimeBlock(blocks.TimeBlock):
    """A time typed as people write it ("10am", "2:30pm", "14:30")."""

    @cached_property
    def field(self):
        return UKTimeField(**self.field_options)


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=100)
    role = blocks.CharBlock(max_length=150, required=False)
    organisation = blocks.CharBlock(max_length=150, required=False)


class AgendaItemBlock(blocks.StructBlock):
    start_time = UKTimeBlock()
    end_time = UKTimeBlock(required=False)
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


class EventPage(PageContextMixin, Page):
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=EventMode.choices, default=EventMode.ONLINE)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    joining_url = models.URLField(
        "joining link",
        blank=True,
        help_text="Link to join online: shown only to registered members, never on the public page or in feeds",
    )
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Places available; leave empty for no limit. Later sign-ups join a waiting list",
    )
    registration_open = models.BooleanField("members can register", default=True)
    discussion_category = models.ForeignKey(
        "discussions.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a conference: where delegates start their own discussions and share their stories",
    )
    delegates_guide = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
        help_text="For a conference: how to take part (shown on its own page, the delegates' guide)",
    )
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
        MultiFieldPanel([FieldPanel("registration_open"), FieldPanel("capacity")], heading="Registration"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("recordings"),
        FieldPanel("group"),
        MultiFieldPanel(
            [
                InlinePanel("sessions", label="Session"),
                FieldPanel("discussion_category"),
                FieldPanel("delegates_guide"),
            ],
            heading="Conference",
        ),
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


class ConferenceSession(Orderable):
    """One session of a conference: when, who speaks, its discussion thread, materials and recording."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    start_time = UKTimeModelField()
    end_time = UKTimeModelField(null=True, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    speakers = models.TextField(blank=True, help_text="One speaker a line: name, role, organisation")
    thread = models.ForeignKey(
        "discussions.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The discussion thread for this session",
    )
    materials = StreamField([("document", DocumentLinkBlock()), ("link", LinkBlock())], blank=True)
    recording = StreamField([("embed", SafeEmbedBlock()), ("link", LinkBlock())], blank=True, max_num=1)

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("speakers"),
        FieldPanel("thread"),
        FieldPanel("materials"),
        FieldPanel("recording"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["day", "start_time", "sort_order"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The session must end after it starts."})

    @property
    def speaker_lines(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Registered"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Registration(models.Model):
    """A member's place at an event (or on its waiting list, in order of `queued_at`)."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    needs = models.TextField("access needs or anything the organisers should know", blank=True, max_length=500)
    queued_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="one_registration_per_member")]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.member} at {self.event}: {self.get_status_display()}"
