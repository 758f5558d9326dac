"""Writes for the site's page tree."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cop.core.site_url import WAGTAIL_PLACEHOLDER, base_url_parts

from .models import HomePage

HOME_TITLE = "Place Exchange"
HOME_LEAD = (
    "Share what works in place-based public services, learn from other councils and partners, "
    "and compare what your council spends with councils like yours."
)
HOME_BODY = (
    "<p>When every agency in a place counts what it spends, it can pool budgets and redesign services "
    "around the people who use them. Place Exchange keeps the lessons: structured case studies, "
    "citizens' experiences, practitioners' discussions, and cost benchmarks from official data.</p>"
)


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Create the home page and point the default site at it. Safe to run repeatedly."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if root is None:
        # Wagtail's migrations create the root; a flushed test database has none.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if home is None:
        home = HomePage(title=HOME_TITLE, slug="home", lead=HOME_LEAD, body=HOME_BODY)
        # Wagtail's initial migration creates a placeholder "Welcome" page with slug "home".
        for placeholder in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
            placeholder.slug = f"welcome-{placeholder.pk}"
            placeholder.save()
        root.add_child(instance=home)
        home.save_revision().publish()
    # The site's address (links in emails, feeds, calendar files) starts as WAGTAILADMIN_BASE_URL's;
    # editors may change it in the admin (Settings, Sites). Wagtail's placeholder "localhost:80" is
    # replaced, so a deployment never sends links to localhost.
    hostname, port = base_url_parts()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=HOME_TITLE)
    elif site.root_page_id != home.pk or (site.hostname, site.port) == WAGTAIL_PLACEHOLDER:
        site.root_page = home
        site.site_name = HOME_TITLE
        if (site.hostname, site.port) == WAGTAIL_PLACEHOLDER:
            site.hostname, site.port = hostname, port
        site.save()
    # Remove Wagtail's placeholder page once nothing points at it.
    for placeholder in root.get_children().exclude(pk=home.pk).filter(content_type__model="page"):
        if not Site.objects.filter(root_page=placeholder).exists():
            placeholder.delete()
    return home
