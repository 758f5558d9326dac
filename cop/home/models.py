from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site's front page: what Place Exchange is for, and ways in."""

    lead = models.CharField(
        max_length=300,
        default="Share what works in place-based public services, and compare what your council spends.",
    )
    body = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol", "h2", "h3"])
    benchmark_heading = models.CharField(max_length=120, default="How does your council's spend compare?")

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("benchmark_heading"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_sections())
        return context
