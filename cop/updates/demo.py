"""Demo programme updates, in the style of a fortnightly programme bulletin. Idempotent by slug."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cop.core.demo import SOURCE_PROGRAMME, ensure_index

from .models import UpdateCategory, UpdateIndexPage, UpdatePage

INTRO = "<p>News from the Place Exchange programme, write-ups of events, new reports and blog posts.</p>"

UPDATES = [
    {
        "title": "What the 13 Total Place pilots covered",
        "category": UpdateCategory.REPORT,
        "days_ago": 40,
        "summary": "A reminder of the scale of the 2009-10 pilots that our first case studies describe.",
        "body": "<p>The Total Place pilots covered 63 local authorities, 34 primary care trusts, 13 police "
        "authorities and 12 fire authorities, spanning about £82bn of public spending, roughly a fifth of the "
        f"national total (source: {SOURCE_PROGRAMME}).</p><p>Each pilot began with a count of all public spend "
        "in its place, then took a deep dive into one or more themes.</p>",
    },
    {
        "title": "Programme update: the first case studies are live",
        "category": UpdateCategory.NEWS,
        "days_ago": 14,
        "summary": "Thirteen structured case studies, one for each Total Place pilot area, are now in the library of "
        "practice. Help us complete them.",
        "body": "<p>Each case study records its place, partners, strength of evidence and when it was last "
        "reviewed. Several are short because we only publish what we can source. If you worked on one of the "
        "pilots, please add what you learned.</p>",
    },
    {
        "title": "Why every case study states the strength of its evidence",
        "category": UpdateCategory.BLOG,
        "days_ago": 7,
        "summary": "An estimated saving and an independently evaluated saving are not the same thing, so we say "
        "which is which.",
        "body": "<p>We ask authors to choose one of four levels: estimate, modelled, measured or independently "
        "evaluated. Readers can filter by it, and sort by savings knowing what lies behind each figure.</p>",
    },
    {
        "title": "Write-up: counting a place, our first webinar",
        "category": UpdateCategory.EVENT,
        "days_ago": 3,
        "summary": "What people asked at our first webinar on counting public spend in a place.",
        "body": "<p>Most questions were about which bodies to include, and how to treat money that crosses "
        "boundaries. Our short guide in the library answers the common ones.</p>",
    },
]


@transaction.atomic
def load(home_page, stdout):
    index = ensure_index(home_page, UpdateIndexPage, "updates", "Updates", INTRO)
    today = timezone.localdate()
    created = 0
    for data in UPDATES:
        slug = slugify(data["title"])
        page = UpdatePage.objects.child_of(index).filter(slug=slug).first()
        is_new = page is None
        if is_new:
            page = UpdatePage(slug=slug)
        page.title = data["title"]
        page.category = data["category"]
        page.date = today - datetime.timedelta(days=data["days_ago"])
        page.summary = data["summary"]
        page.author_name = "Place Exchange team"
        page.body = [("text", data["body"])]
        if is_new:
            index.add_child(instance=page)
            created += 1
        page.save_revision().publish()
    stdout.write(f"Updates: {created} created, {len(UPDATES) - created} updated.")
