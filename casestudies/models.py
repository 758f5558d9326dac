"""Case studies and citizen stories.

A case study is structured (place, partners, the "count" of public spend, problem,
intervention, savings with strength of evidence, status, lessons) so that it can be
filtered, compared and set beside the place's benchmark figures. A citizen story is a
pseudonymous first-person account; its consent record lives in its own table, outside
page revisions, so that withdrawing consent can never be undone by publishing an old
revision.
"""

import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from benchmarks import ro
from cop.core.blocks import LESSON_BLOCKS
from cop.core.pages import PageContextMixin

PROSE_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]

# Revenue outturn (RSX) service lines, shared with benchmarking by their RO line code
# (one list, in benchmarks; the total line is not a service area).
SERVICE_AREAS = [(key, ro.SERVICE_BY_KEY[key].name) for key in ro.RSX_SERVICE_KEYS if key != ro.TOTAL_SERVICE]

THEMES = [
    "Children's services",
    "Drugs and alcohol",
    "Housing",
    "Worklessness",
    "Asset management",
    "Older people",
    "Offender management",
    "Back office",
    "Early years",
    "Young people",
    "Health and care",
    "Community safety",
]


class SpatialLevel(models.TextChoices):
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    TOWN = "town", "Town"
    WARD = "ward", "Ward"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    STREET = "street", "Street"


class WhoLeads(models.TextChoices):
    COUNCIL = "council", "Council"
    PARTNERSHIP = "partnership", "Partnership"
    COMMUNITY = "community", "Community"
    PROVIDER = "provider", "Provider"


class EvidenceStrength(models.TextChoices):
    ESTIMATE = "estimate", "Estimate"
    MODELLED = "modelled", "Modelled"
    MEASURED = "measured", "Measured"
    INDEPENDENTLY_EVALUATED = "independently_evaluated", "Independently evaluated"


class Status(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    PILOTING = "piloting", "Piloting"
    SCALED = "scaled", "Scaled"
    STOPPED = "stopped", "Stopped"


class SavingsBasis(models.TextChoices):
    PER_YEAR = "per_year", "Per year"
    ONE_OFF = "one_off", "One-off"


class AgencySector(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    DWP = "dwp", "DWP / Jobcentre Plus"
    PROBATION = "probation", "Probation and justice"
    HOUSING = "housing", "Housing provider"
    EDUCATION = "education", "Schools and colleges"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    BUSINESS = "business", "Business"
    CENTRAL_GOVERNMENT = "central_government", "Central government"
    OTHER = "other", "Other"


class Theme(TagBase):
    """A controlled theme: a taggit tag that editors choose from a fixed list."""

    free_tagging = False

    class Meta:
        verbose_name = "theme"
        verbose_name_plural = "themes"
        ordering = ["name"]


class CaseStudyTheme(ItemBase):
    tag = models.ForeignKey(Theme, related_name="tagged_case_studies", on_delete=models.CASCADE)
    content_object = ParentalKey("casestudies.CaseStudyPage", related_name="theme_items", on_delete=models.CASCADE)


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("casestudies.CaseStudyPage", related_name="tagged_items", on_delete=models.CASCADE)


class CaseStudyIndexPage(PageContextMixin, Page):
    intro = RichTextField(blank=True, features=PROSE_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1


class CaseStudyPage(PageContextMixin, Page):
    summary = models.TextField(
        max_length=600, help_text="One or two sentences: what was done, where, and what it achieved"
    )
    places = ParentalManyToManyField(
        "benchmarks.Authority",
        blank=True,
        related_name="case_studies",
        help_text="The council or councils whose area this covers (region and council type follow from these)",
    )
    service_areas = ParentalManyToManyField(
        "benchmarks.Service",
        blank=True,
        related_name="case_studies",
        limit_choices_to={"is_total": False},
        help_text="Revenue outturn service lines this work is about (shared with benchmarking)",
    )
    themes = ClusterTaggableManager(through=CaseStudyTheme, blank=True, verbose_name="themes")
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True, verbose_name="tags")
    spatial_level = models.CharField(max_length=20, choices=SpatialLevel.choices, db_index=True)
    who_leads = models.CharField(max_length=20, choices=WhoLeads.choices, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)

    problem = RichTextField(features=PROSE_FEATURES)
    intervention = RichTextField(features=PROSE_FEATURES)
    outcomes = RichTextField(blank=True, features=PROSE_FEATURES)
    lessons = StreamField(LESSON_BLOCKS, blank=True, verbose_name="lessons learned")
    not_yet_known = models.TextField(
        "what is not yet known",
        blank=True,
        max_length=1000,
        help_text="Say plainly what the sources do not tell us yet. A case study with this filled in is not "
        "featured on the home page",
    )

    savings_amount = models.DecimalField(
        "savings (£)",
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    savings_percent = models.DecimalField(
        "savings (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    savings_basis = models.CharField(max_length=10, choices=SavingsBasis.choices, blank=True)
    evidence_strength = models.CharField(
        "strength of evidence",
        max_length=30,
        choices=EvidenceStrength.choices,
        default=EvidenceStrength.ESTIMATE,
        db_index=True,
    )
    savings_source = models.CharField(max_length=300, blank=True, help_text="Where the savings figure comes from")

    linked_count = models.ForeignKey(
        "count.PartnerCount",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        limit_choices_to={"status": "published"},
        help_text="A published count from the place pages: the case study shows it (with its sources) instead of "
        "the spend lines, so its numbers are never copied",
    )
    contacts = ParentalManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="case_studies_as_contact")
    last_reviewed = models.DateField(null=True, blank=True, db_index=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("places"), InlinePanel("partners", label="Partner agency")],
            heading="Place and partners",
        ),
        InlinePanel("spend_lines", label="Public spend in the place (the count)"),
        FieldPanel("linked_count"),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("spatial_level"), FieldPanel("who_leads"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("tags"),
            ],
            heading="Classification",
        ),
        FieldPanel("problem"),
        FieldPanel("intervention"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("savings_amount"), FieldPanel("savings_percent"), FieldPanel("savings_basis")]
                ),
                FieldPanel("evidence_strength"),
                FieldPanel("savings_source"),
            ],
            heading="Savings",
        ),
        FieldPanel("outcomes"),
        FieldPanel("lessons"),
        FieldPanel("not_yet_known"),
        FieldPanel("contacts"),
        FieldPanel("last_reviewed"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("intervention"),
        index.SearchField("outcomes"),
        index.SearchField("lessons"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("places", [index.SearchField("name")]),
        index.RelatedFields("service_areas", [index.SearchField("name"), index.FilterField("code")]),
        index.FilterField("spatial_level"),
        index.FilterField("who_leads"),
        index.FilterField("status"),
        index.FilterField("evidence_strength"),
        index.FilterField("last_reviewed"),
    ]
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "case study"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end of the period must be after its start."})

    @property
    def savings_display(self) -> str:
        parts = []
        if self.savings_amount is not None:
            parts.append(f"£{self.savings_amount:,.0f}")
        if self.savings_percent is not None:
            parts.append(f"{float(self.savings_percent):g}%")
        if not parts:
            return ""
        text = " (".join(parts) + (")" if len(parts) == 2 else "")
        if self.savings_basis:
            text += " " + self.get_savings_basis_display().lower()
        return text


class CaseStudyPartner(Orderable):
    page = ParentalKey(CaseStudyPage, related_name="partners", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=AgencySector.choices)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("sector")])]

    def __str__(self):
        return self.name


class CaseStudySpendLine(Orderable):
    """One line of the place's "count": what one agency spends in the place in a year."""

    page = ParentalKey(CaseStudyPage, related_name="spend_lines", on_delete=models.CASCADE)
    agency = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=AgencySector.choices, blank=True)
    amount = models.DecimalField("amount (£)", max_digits=16, decimal_places=0, validators=[MinValueValidator(0)])
    year = models.CharField(max_length=20, help_text='Financial year, e.g. "2008-09"')
    source = models.CharField(max_length=300, help_text="Where the figure comes from")
    source_url = models.URLField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("sector")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("year")]),
        FieldPanel("source"),
        FieldPanel("source_url"),
    ]

    def __str__(self):
        return f"{self.agency} {self.year}"


class CaseStudyAdoption(models.Model):
    """A member records that their council has adopted the approach in a case study."""

    case_study = models.ForeignKey(CaseStudyPage, on_delete=models.CASCADE, related_name="adoptions")
    council = models.ForeignKey("benchmarks.Authority", on_delete=models.CASCADE, related_name="case_study_adoptions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("case_study"), FieldPanel("council"), FieldPanel("recorded_by")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_study", "council"], name="one_adoption_per_council")]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.council} adopted {self.case_study}"


# Citizen stories -----------------------------------------------------------------------------


def new_story_reference() -> str:
    # No 0/O/1/I so that a reference read out over the phone is unambiguous.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "STORY-" + "".join(secrets.choice(alphabet) for _ in range(8))


class CitizenStoryIndexPage(PageContextMixin, Page):
    intro = RichTextField(blank=True, features=PROSE_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["casestudies.CitizenStoryPage"]
    max_count = 1


class CitizenStoryPage(PageContextMixin, Page):
    reference = models.CharField(max_length=20, unique=True, default=new_story_reference, editable=False)
    byline = models.CharField(max_length=60, help_text="First name or a chosen name only, never a full name")
    place = models.ForeignKey(
        "benchmarks.Authority", null=True, blank=True, on_delete=models.SET_NULL, related_name="citizen_stories"
    )
    place_description = models.CharField(
        max_length=120, blank=True, help_text="Where, in the storyteller's own words (e.g. a town)"
    )
    service_area = models.ForeignKey(
        "benchmarks.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_stories",
        limit_choices_to={"is_total": False},
    )
    linked_case_studies = ParentalManyToManyField(CaseStudyPage, blank=True, related_name="citizen_stories")
    pull_quote = models.CharField(max_length=300, blank=True)
    body = RichTextField(features=["bold", "italic", "ol", "ul"])
    is_illustrative = models.BooleanField(
        default=False, help_text="An example written by the Place Exchange team, not a real person's story"
    )
    source_citation = models.CharField(
        "published source",
        max_length=300,
        blank=True,
        help_text="If the story is retold in our own words from a published source: that source "
        "(publisher, title, date). Shown on the story as 'Retold from a published source'",
    )
    source_url = models.URLField("link to the source", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("byline"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("place_description")]),
        FieldPanel("service_area"),
        FieldPanel("pull_quote"),
        FieldPanel("body"),
        FieldPanel("linked_case_studies"),
        FieldPanel("is_illustrative"),
        FieldRowPanel(
            [FieldPanel("source_citation"), FieldPanel("source_url")], heading="Retold from a published source"
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("pull_quote"),
        index.SearchField("body"),
        index.SearchField("place_description"),
        index.FilterField("service_area"),
    ]
    exclude_fields_in_copy = ["reference"]
    parent_page_types = ["casestudies.CitizenStoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "citizen story"

    def clean(self):
        super().clean()
        if self.source_url and not self.source_citation:
            raise ValidationError({"source_citation": "Name the source the link points to."})
        if self.source_citation and self.is_illustrative:
            raise ValidationError(
                {"is_illustrative": "A story retold from a published source is about real people, not illustrative."}
            )

    @property
    def is_retold(self) -> bool:
        return bool(self.source_citation)

    def has_valid_consent(self) -> bool:
        consent = StoryConsent.objects.filter(story=self).first()
        return consent is not None and consent.is_valid()

    def serve(self, request, *args, **kwargs):
        # Belt and braces: even if an editor publishes a story, nobody sees it without consent.
        if not self.has_valid_consent():
            raise Http404("This story is not available.")
        return super().serve(request, *args, **kwargs)


class ConsentMethod(models.TextChoices):
    ONLINE_FORM = "online_form", "Online form (Share your story)"
    PAPER = "paper", "Signed paper form"
    EMAIL = "email", "By email"
    RECORDED_VERBAL = "recorded_verbal", "Recorded verbal consent"
    ILLUSTRATIVE = "illustrative", "Not needed: illustrative story written by the team"
    PUBLISHED = "published", "Not needed: retold from a story already published with the teller's consent"


class StoryConsentQuerySet(models.QuerySet):
    def valid(self, on=None):
        on = on or timezone.localdate()
        return self.filter(withdrawn_on__isnull=True, given_on__lte=on).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class StoryConsent(models.Model):
    """The consent record of one citizen story. Editors only: never shown on the public site."""

    story = models.OneToOneField(CitizenStoryPage, on_delete=models.CASCADE, related_name="consent")
    purpose = models.TextField(help_text="What the storyteller agreed to")
    given_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    how_given = models.CharField(max_length=30, choices=ConsentMethod.choices)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_note = models.CharField(max_length=300, blank=True)

    objects = StoryConsentQuerySet.as_manager()

    panels = [
        FieldPanel("story"),
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("given_on"), FieldPanel("expires_on")]),
        FieldPanel("how_given"),
        FieldRowPanel([FieldPanel("withdrawn_on"), FieldPanel("withdrawal_note")]),
    ]

    class Meta:
        verbose_name = "story consent record"

    def __str__(self):
        return f"Consent for {self.story.reference}"

    def clean(self):
        if self.expires_on and self.given_on and self.expires_on < self.given_on:
            raise ValidationError({"expires_on": "Consent cannot expire before it was given."})

    def is_valid(self, on=None) -> bool:
        on = on or timezone.localdate()
        if self.withdrawn_on is not None or self.given_on is None or self.given_on > on:
            return False
        return self.expires_on is None or self.expires_on >= on


# Case studies and lessons shared by members --------------------------------------------------


class CaseStudyDraft(models.Model):
    """A member's case study in progress: the answers to each page of "Share a case study", kept on
    the server so the member can stop and come back. Once sent it points at the draft page, and a
    revision (after an editor asks for changes) reuses it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_study_drafts")
    answers = models.JSONField(default=dict, blank=True)
    page = models.ForeignKey(
        CaseStudyPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="member_drafts"
    )
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        title = (self.answers.get("title") or {}).get("title") or ["Untitled"]
        return f"Draft case study: {title[0]}"


class CaseStudyAuthor(models.Model):
    """The member credited on a case study they shared, with their council when they sent it."""

    page = models.ForeignKey(CaseStudyPage, on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_studies_shared")
    council = models.ForeignKey(
        "benchmarks.Authority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "member"], name="one_credit_per_member")]
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.member} on {self.page}"


class LessonStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"


class CaseStudyLesson(models.Model):
    """A member's short lesson on a published case study, shown under it once a moderator approves it."""

    page = models.ForeignKey(CaseStudyPage, on_delete=models.CASCADE, related_name="member_lessons")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_study_lessons")
    council = models.ForeignKey(
        "benchmarks.Authority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.CharField(max_length=200, blank=True)
    what_worked = models.TextField(max_length=1500)
    what_did_not = models.TextField("what did not work", max_length=1500)
    differently = models.TextField("what they would do differently", max_length=1500)
    status = models.CharField(max_length=10, choices=LessonStatus.choices, default=LessonStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("reason for not publishing", max_length=500, blank=True)

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("author", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldPanel("what_worked", read_only=True),
        FieldPanel("what_did_not", read_only=True),
        FieldPanel("differently", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("reason"),
    ]

    class Meta:
        verbose_name = "member lesson"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "created_at"], name="lesson_page_status")]

    def __str__(self):
        return f"Lesson by {self.author} on {self.page}"


class AuthorNotice(models.Model):
    """On-site notice for a case study's author: a member's lesson on it was published."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_study_notices")
    lesson = models.ForeignKey(CaseStudyLesson, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "lesson"], name="one_notice_per_lesson")]

    def __str__(self):
        return f"Notice for {self.recipient_id}"
