"""Demo: "Getting more for less", the Total Place community's week-long online conference of
July 2010, retold in our own words from the programme's published updates (SEED-FACTS.md).
Idempotent by slug (the page), slug (the category) and title (each session's thread)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cop.discussions.models import Category, Post, Thread

from .models import ConferenceSession, EventMode, EventPage

SLUG = "getting-more-for-less-2010"
CATEGORY_SLUG = "getting-more-for-less"
SOURCE_UPDATES = "Source: Leadership Centre, Total Place community of practice updates (July 2010)."
SOURCE_TREASURY = 'Source: HM Treasury and DCLG, "Total place: a whole area approach to public services" (March 2010).'

SUMMARY = (
    "The Total Place community's week-long online conference from 19 July 2010: daily sessions on the count, "
    "sharing the public estate and citizen insight, with delegates' own discussions and stories."
)
BODY = (
    "<p>In July 2010 the Total Place community of practice, then nearly 1,200 members, ran a week-long online "
    "conference. Speakers came from across the public sector; videos and materials were put online for "
    "delegates, who also started their own discussions and shared stories from their places. "
    f"{SOURCE_UPDATES}</p>"
    "<p>This page keeps the programme as a record. The sessions' discussions are open to every member.</p>"
)
GUIDE = (
    "<h2>Registering</h2><p>Register once for the whole week. Every session, its discussion and its materials "
    "are then open to you; there is nothing to book session by session.</p>"
    "<h2>Taking part in a session</h2><ul><li>Watch the session's video or read its materials when they are "
    "posted, at a time that suits you.</li><li>Each session has its own discussion: ask the speakers questions "
    "and compare notes with other delegates there.</li><li>Times are UK times.</li></ul>"
    "<h2>Your own discussions and stories</h2><p>Start a discussion on anything the conference raises, or share "
    "a story from your own place: what you counted, what you changed, what you would do differently. Keep "
    "people's personal details out of it.</p>"
    "<h2>Ground rules</h2><p>The community's usual guidelines apply: be constructive, say where a figure comes "
    "from, and flag anything that breaks the rules for a moderator.</p>"
)

# day offset, start, end, title, description, speakers, thread author, thread opening post
SESSIONS = [
    (
        0,
        (10, 0),
        (11, 0),
        "Counting a place: what the count found",
        "How pilots added up every pound of public money spent in their place, and why the answer surprised "
        "them. In Worcestershire the total, counting welfare and pension payments, was over £4.4bn, and less "
        "than a quarter of it went through the county council and the five district councils; the Department "
        "for Work and Pensions was the largest single part. Source: Worcestershire's Total Place programme "
        "director, writing later.",
        "A county pilot's programme director\nA finance lead from a primary care trust",
        "priya-shah",
        "The count showed most public money in our place was not ours to spend. Which figures did you find "
        "hardest to get, and from whom?",
    ),
    (
        1,
        (10, 0),
        (11, 0),
        "Asset management: one public estate",
        "A deep dive into buildings. One town centre might hold a council office, a Jobcentre Plus, a library, "
        "an advice centre, an NHS clinic and a police front desk; sharing them cuts running costs and frees "
        "capital. Source: Worcestershire's Total Place programme director, writing later.",
        "An assets and estates manager from a unitary council\nA police authority estates lead",
        "tom-hughes",
        "If you have moved two services into one building: what did the leases and the IT cost you that the "
        "business case missed?",
    ),
    (
        2,
        (10, 0),
        (11, 0),
        "Citizen insight: designing services around people",
        "Citizen insight was one of Total Place's three principles: start from the people who use services. "
        "The session heard stories from the Manchester city region pilot about Sure Start. "
        f"{SOURCE_TREASURY}",
        "A Sure Start children's centre manager\nA citizen insight lead from a city region pilot",
        "aisha-begum",
        "How do you bring what families tell you into a budget decision, and not only into a report?",
    ),
    (
        3,
        (10, 0),
        (11, 0),
        "Culture: leading across boundaries",
        "Working across agencies' boundaries, the second principle. Keith Grint's research report for the "
        "programme (July 2010) asked six questions of each place: the problem, the purpose, power, local "
        "knowledge, time and space.",
        "A chief executive from a district council\nA researcher on the programme",
        None,
        "",
    ),
    (
        4,
        (10, 0),
        (12, 0),
        "What next: place-based budgets",
        "In the same month places sent HM Treasury and DCLG their expressions of interest in place-based "
        "budgets. Delegates discussed what a pooled budget for a place would need.",
        "Pilot leads from across the programme",
        None,
        "",
    ),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _category():
    category, _ = Category.objects.get_or_create(
        slug=CATEGORY_SLUG,
        defaults={
            "name": "Getting more for less: delegates' discussions",
            "description": "Discussions and stories started by delegates of the July 2010 online conference.",
            "restricted": False,
            "sort_order": 90,
        },
    )
    return category


def _thread(category, title, author, body):
    if author is None:
        return None
    thread = Thread.objects.filter(category=category, title=title).first()
    if thread is not None:
        return thread
    member = get_user_model().objects.filter(username=author).first()
    if member is None:
        return None
    thread = Thread.objects.create(category=category, title=title, author=member, last_activity_at=timezone.now())
    Post.objects.create(thread=thread, author=member, body=body, is_opening=True)
    return thread


def load(index) -> bool:
    """Create or update the conference under the events index; True if it was created."""
    first_day = datetime.date(2010, 7, 19)
    page = EventPage.objects.child_of(index).filter(slug=SLUG).first()
    is_new = page is None
    if is_new:
        page = EventPage(slug=SLUG)
    category = _category()
    page.title = "Getting more for less: online conference"
    page.start = _at(first_day, 10)
    page.end = _at(first_day + datetime.timedelta(days=4), 12)
    page.mode = EventMode.ONLINE
    page.summary = SUMMARY
    page.body = BODY
    page.delegates_guide = GUIDE
    page.discussion_category = category
    page.registration_open = False
    sessions = []
    for offset, start, end, title, description, speakers, author, opening in SESSIONS:
        sessions.append(
            ConferenceSession(
                day=first_day + datetime.timedelta(days=offset),
                start_time=datetime.time(*start),
                end_time=datetime.time(*end),
                title=title,
                description=description,
                speakers=speakers,
                thread=_thread(category, f"Getting more for less: {title}", author, opening),
            )
        )
    page.sessions = sessions
    if is_new:
        index.add_child(instance=page)
    page.save_revision().publish()
    return is_new
