"""Generate case studies quickly for the perf harness: `seed(n=1_000)`.

Wagtail pages live in a materialised-path tree (treebeard), and adding them one by one
with add_child() + publish costs tens of milliseconds each. Here the tree paths are
computed directly (the next free steps under the case study index), the wagtailcore_page
rows are bulk-inserted, then the CaseStudyPage rows (multi-table inheritance: only the
child table's own columns) and every relation (places, service areas, themes, tags, the
count's spend lines) in bulk. Pages are published (live, first/last published set) without
revisions; editing one in the admin creates its first revision as usual. The search index
is not updated (run `manage.py update_index` if search timings need these pages).

Run on its own:  DATABASE_URL=postgres://... .venv/bin/python tests/perf/seed_content.py 1000
then it also times the case study index and one case study page.
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from decimal import Decimal

BATCH = 500
TAGS = [f"perf-tag-{i}" for i in range(30)]
SPATIAL = ["county", "district", "town", "ward", "neighbourhood", "street"]
LEADS = ["council", "partnership", "community", "provider"]
STATUSES = ["exploring", "piloting", "scaled", "stopped"]
EVIDENCE = ["estimate", "modelled", "measured", "independently_evaluated"]


def _case_study_index():
    from casestudies.models import CaseStudyIndexPage
    from cop.home.services import ensure_home_page

    index = CaseStudyIndexPage.objects.first()
    if index is None:
        home = ensure_home_page()
        index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _places():
    from benchmarks.models import Authority

    places = list(Authority.objects.filter(end_date__isnull=True).order_by("pk")[:400])
    if not places:
        # An empty reference table (no import yet): a few synthetic councils so facets have values.
        regions = ["London", "North West", "West Midlands", "South East", "North East"]
        Authority.objects.bulk_create(
            [
                Authority(
                    gss_code=f"E9999{i:04d}",
                    name=f"Perf council {i}",
                    authority_type="UA",
                    region=regions[i % len(regions)],
                    nation="England",
                )
                for i in range(40)
            ],
            ignore_conflicts=True,
        )
        places = list(Authority.objects.filter(gss_code__startswith="E9999"))
    return places


def seed(n: int = 1_000) -> dict:
    """Create n published case studies under the case study index. Returns timing and counts."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Page

    from benchmarks.models import Service
    from benchmarks.services import ensure_services
    from casestudies.models import (
        CaseStudyPage,
        CaseStudySpendLine,
        CaseStudyTag,
        CaseStudyTheme,
        Theme,
    )
    from casestudies.services import ensure_themes

    began = time.perf_counter()
    rng = random.Random(20091)
    ensure_services()
    ensure_themes()
    with transaction.atomic():
        index = _case_study_index()
        index = Page.objects.select_for_update().get(pk=index.pk)
        places = _places()
        services = list(Service.objects.filter(is_total=False))
        themes = list(Theme.objects.all())
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS]
        content_type = ContentType.objects.get_for_model(CaseStudyPage)

        last_child = index.get_last_child()
        next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        depth = index.depth + 1
        run = uuid.uuid4().hex[:6]
        now = timezone.now()

        base_rows = []
        for i in range(n):
            slug = f"perf-case-study-{run}-{i}"
            published = now - timezone.timedelta(minutes=i)
            base_rows.append(
                Page(
                    title=f"Perf case study {run} {i}: joining up services",
                    draft_title=f"Perf case study {run} {i}: joining up services",
                    slug=slug,
                    path=Page._get_path(index.path, depth, next_step + i),
                    depth=depth,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(base_rows, batch_size=BATCH)
        if any(row.pk is None for row in base_rows):  # databases that do not return ids
            by_path = dict(Page.objects.filter(path__in=[r.path for r in base_rows]).values_list("path", "pk"))
            for row in base_rows:
                row.pk = row.id = by_path[row.path]

        studies = []
        for i, row in enumerate(base_rows):
            study = CaseStudyPage(
                page_ptr_id=row.pk,
                summary="Partners pooled budgets, agreed one assessment and redesigned the service around the people using it.",
                spatial_level=SPATIAL[i % len(SPATIAL)],
                who_leads=LEADS[i % len(LEADS)],
                status=STATUSES[i % len(STATUSES)],
                evidence_strength=EVIDENCE[i % len(EVIDENCE)],
                problem="<p>Many agencies each did part of the job, and nobody saw the whole.</p>",
                intervention="<p>A single team with a pooled budget and one shared assessment.</p>",
                outcomes="<p>Fewer hand-offs and shorter waits.</p>",
                lessons=[],
                savings_amount=Decimal(rng.randrange(0, 5_000_000, 1000)) if i % 3 else None,
                savings_percent=Decimal(rng.randrange(0, 400)) / 10 if i % 4 else None,
                savings_basis="per_year" if i % 2 else "one_off",
                savings_source="Generated for performance testing",
                last_reviewed=(now - timezone.timedelta(days=i % 900)).date(),
            )
            studies.append(study)
        local_fields = [f for f in CaseStudyPage._meta.local_concrete_fields]
        for start in range(0, len(studies), BATCH):
            CaseStudyPage.objects._insert(studies[start : start + BATCH], fields=local_fields)

        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + n)

        place_through = CaseStudyPage.places.through
        service_through = CaseStudyPage.service_areas.through
        place_rows, service_rows, theme_rows, tag_rows, spend_rows = [], [], [], [], []
        for row in base_rows:
            for place in rng.sample(places, k=min(len(places), rng.choice((1, 1, 2, 3)))):
                place_rows.append(place_through(casestudypage_id=row.pk, authority_id=place.pk))
            for service in rng.sample(services, k=min(len(services), rng.choice((1, 2)))):
                service_rows.append(service_through(casestudypage_id=row.pk, service_id=service.pk))
            for theme in rng.sample(themes, k=min(len(themes), rng.choice((1, 2, 3)))):
                theme_rows.append(CaseStudyTheme(content_object_id=row.pk, tag_id=theme.pk))
            for tag in rng.sample(tags, k=3):
                tag_rows.append(CaseStudyTag(content_object_id=row.pk, tag_id=tag.pk))
            for order, agency in enumerate(("Councils", "NHS", "Police", "DWP")):
                spend_rows.append(
                    CaseStudySpendLine(
                        page_id=row.pk,
                        sort_order=order,
                        agency=agency,
                        sector="other",
                        amount=Decimal(rng.randrange(10_000_000, 2_000_000_000, 1_000_000)),
                        year="2023-24",
                        source="Generated for performance testing",
                    )
                )
        for model_rows in (place_rows, service_rows, theme_rows, tag_rows, spend_rows):
            type(model_rows[0]).objects.bulk_create(model_rows, batch_size=5_000) if model_rows else None

    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics until autovacuum gets to them; without
        # them PostgreSQL picks nested loops and each facet count takes ~200 ms instead of ~10 ms.
        tables = [
            "wagtailcore_page",
            CaseStudyPage._meta.db_table,
            CaseStudyPage.places.through._meta.db_table,
            CaseStudyPage.service_areas.through._meta.db_table,
            CaseStudyTheme._meta.db_table,
            CaseStudyTag._meta.db_table,
            CaseStudySpendLine._meta.db_table,
        ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))

    from cop.core.cache import purge_page_cache

    purge_page_cache()
    seconds = time.perf_counter() - began
    return {
        "created": n,
        "seconds": seconds,
        "per_second": n / seconds if seconds else 0,
        "example_url": f"{index.url_path}{base_rows[0].slug}/" if base_rows else None,
    }


def measure(repeats: int = 5) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casestudies.models import CaseStudyPage

    client = Client()
    example = CaseStudyPage.objects.live().order_by("-pk").first()
    for label, url in [
        ("case study index", "/case-studies/"),
        (
            "case study index, filtered + sorted by savings",
            "/case-studies/?theme=housing&spatial_level=ward&sort=savings",
        ),
        ("case study index, page 10", "/case-studies/?page=10"),
        ("case study page", example.url),
    ]:
        times = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url, HTTP_HOST="localhost")
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        print(
            f"{label}: median {times[len(times) // 2] * 1000:.0f} ms, best {times[0] * 1000:.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    call_command("migrate", interactive=False, verbosity=0)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    outcome = seed(count)
    print(
        f"seeded {outcome['created']} case studies in {outcome['seconds']:.1f} s "
        f"({outcome['per_second']:.0f} per second)"
    )
    measure()
