"""The library: reports, toolkits and templates stored as Wagtail documents with
catalogue details (summary, publisher, year, themes, service areas), listed and
filtered on the library index page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cop.core.pages import PageContextMixin


class DocumentKind(models.TextChoices):
    REPORT = "report", "Report"
    TOOLKIT = "toolkit", "Toolkit"
    TEMPLATE = "template", "Template"
    GUIDANCE = "guidance", "Guidance"
    DATA = "data", "Data"
    OTHER = "other", "Other"


class LibraryDocument(AbstractDocument):
    summary = models.TextField(blank=True, max_length=1000)
    kind = models.CharField(
        "type of document", max_length=20, choices=DocumentKind.choices, default=DocumentKind.REPORT
    )
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    themes = models.ManyToManyField("casestudies.Theme", blank=True, related_name="library_documents")
    service_areas = models.ManyToManyField(
        "benchmarks.Service", blank=True, related_name="library_documents", limit_choices_to={"is_total": False}
    )
    show_in_library = models.BooleanField(
        default=True, help_text="List this document in the public library (untick for files only used inside pages)"
    )
    group = models.ForeignKey(
        "communities.CommunityGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text="A group's document: in a closed group only its members can find and download it",
    )

    admin_form_fields = Document.admin_form_fields + (
        "summary",
        "kind",
        "publisher",
        "year",
        "themes",
        "service_areas",
        "show_in_library",
        "group",
    )

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.FilterField("year"),
        index.FilterField("kind"),
        index.FilterField("show_in_library"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "library document"
        permissions = [("choose_document", "Can choose document")]

    def save(self, *args, **kwargs):
        # The admin form records the size; documents created in code (demo, imports) need it too,
        # so that listings never have to open the file.
        if self.file and self.file_size is None:
            try:
                self.file_size = self.file.size
            except OSError:
                self.file_size = None
        super().save(*args, **kwargs)

    @property
    def file_type_label(self) -> str:
        return (self.file_extension or "").upper()


class LibraryIndexPage(PageContextMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
