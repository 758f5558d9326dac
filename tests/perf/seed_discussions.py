"""Generate discussion volume quickly for the perf harness: `seed(threads=10_000, posts=100_000)`.

Uses bulk_create throughout (no per-row signals or Markdown rendering: bodies are rendered
once per template). One thread ("Perf: long thread with 200 replies") gets exactly 200 replies
so the harness can time the thread page; the other posts are spread over the other threads.
Counters (reply_count, last_activity_at) are written consistently, as the services would.

Run on its own against a database: DATABASE_URL=postgres://... python tests/perf/seed_discussions.py
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta

BIG_THREAD_TITLE = "Perf: long thread with 200 replies"
BIG_THREAD_REPLIES = 200
MEMBERS = 300
BATCH = 5_000

BODIES = [
    "We tried a **shared front desk** with the district and the job centre. Footfall went up by a third.",
    "Has anyone pooled budgets with the NHS for this? We used a section 75 agreement in the end.",
    "Our unit cost looks high against neighbours, but we include brokerage. Worth checking the definitions.",
    "> Quoting the earlier reply\n\nAgreed. The lease question took us four months to settle.",
    "Three tips:\n\n1. Agree who holds the lease\n2. Share raw footfall counts monthly\n3. Train reception together",
    "Thanks, this is really helpful. @priya-shah did you publish the evaluation?",
]


def seed(threads: int = 10_000, posts: int = 100_000) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from cop.core.sanitise import render_markdown
    from cop.discussions.models import Category, Post, Thread
    from cop.members.models import Profile, User

    started = time.monotonic()
    rng = random.Random(2026)  # noqa: S311 - reproducible test data
    rendered = [(body, render_markdown(body)) for body in BODIES]
    now = timezone.now()
    if threads < 1 or posts < threads:
        raise ValueError("posts must be at least the number of threads (each thread has an opening post)")

    with transaction.atomic():
        category_specs = [
            ("Perf: Total Place", "perf-total-place"),
            ("Perf: Adult social care", "perf-adult-social-care"),
            ("Perf: Worklessness", "perf-worklessness"),
            ("Perf: Back office", "perf-back-office"),
        ]
        categories = [
            Category.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": 100 + i})[0]
            for i, (name, slug) in enumerate(category_specs)
        ]

        prefix = f"perf-{int(time.time())}-"
        unusable = make_password(None)
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{prefix}{n}",
                    email=f"{prefix}{n}@perf.example",
                    display_name=f"Perf Member {n}",
                    password=unusable,
                )
                for n in range(MEMBERS)
            ],
            batch_size=BATCH,
        )
        Profile.objects.bulk_create([Profile(user=u) for u in users], batch_size=BATCH)

        # How many replies each thread gets: the first one exactly 200, the rest share the remainder.
        replies_left = posts - threads
        reply_counts = [0] * threads
        if threads and replies_left:
            reply_counts[0] = min(BIG_THREAD_REPLIES, replies_left)
            replies_left -= reply_counts[0]
            others = threads - 1
            for i in range(1, threads):
                share = replies_left // others + (1 if (i - 1) < replies_left % others else 0)
                reply_counts[i] = share

        thread_rows = []
        for i in range(threads):
            activity = now - timedelta(minutes=i * 7 + rng.randint(0, 6))
            thread_rows.append(
                Thread(
                    category=categories[i % len(categories)],
                    title=BIG_THREAD_TITLE if i == 0 else f"Perf thread {i}: sharing services between councils",
                    slug="perf-long-thread" if i == 0 else f"perf-thread-{i}",
                    author=users[i % MEMBERS],
                    last_activity_at=activity,
                    reply_count=reply_counts[i],
                )
            )
        created_threads = Thread.objects.bulk_create(thread_rows, batch_size=BATCH)

        post_rows = []
        total_posts = 0
        for thread, count in zip(created_threads, reply_counts, strict=True):
            body, html = rendered[thread.pk % len(rendered)]
            post_rows.append(Post(thread=thread, author=thread.author, is_opening=True, body=body, body_html=html))
            for r in range(count):
                body, html = rendered[(thread.pk + r) % len(rendered)]
                post_rows.append(
                    Post(
                        thread=thread,
                        author=users[(thread.pk + r) % MEMBERS],
                        body=body,
                        body_html=html,
                        helpful_count=r % 3,
                    )
                )
            if len(post_rows) >= BATCH:
                Post.objects.bulk_create(post_rows, batch_size=BATCH)
                total_posts += len(post_rows)
                post_rows = []
        if post_rows:
            Post.objects.bulk_create(post_rows, batch_size=BATCH)
            total_posts += len(post_rows)

    seconds = time.monotonic() - started
    result = {
        "threads": len(created_threads),
        "posts": total_posts,
        "members": len(users),
        "big_thread_url": created_threads[0].get_absolute_url() if created_threads else None,
        "seconds": round(seconds, 1),
    }
    print(
        f"seed_discussions: {result['threads']:,} threads, {result['posts']:,} posts, "
        f"{result['members']} members in {seconds:.1f}s; 200-reply thread at {result['big_thread_url']}"
    )
    return result


def measure(big_thread_url: str, repeats: int = 5) -> None:
    """Server time (Django test client, no network) for the thread list and the 200-reply thread."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from cop.members.models import User

    anonymous = Client(HTTP_HOST="localhost")
    member = Client(HTTP_HOST="localhost")
    member.force_login(User.objects.filter(username__startswith="perf-").first())
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0):
        for who, client in [("anonymous", anonymous), ("member", member)]:
            _measure(client, who, big_thread_url, repeats, connection, reset_queries, CaptureQueriesContext)


def _measure(client, who, big_thread_url, repeats, connection, reset_queries, CaptureQueriesContext):
    for label, url in [
        ("thread list", "/discussions/"),
        ("thread list, unanswered", "/discussions/?sort=unanswered"),
        ("thread (200 replies)", big_thread_url),
    ]:
        times = []
        for _ in range(repeats):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        print(
            f"{who} {label}: median {times[len(times) // 2] * 1000:.0f} ms, best {times[0] * 1000:.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    posts = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    outcome = seed(threads=threads, posts=posts)
    measure(outcome["big_thread_url"])
