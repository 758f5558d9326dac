"""Demo categories and practitioner discussions (idempotent). The text is our own."""

from datetime import timedelta

from django.utils import timezone

from cop.communities.models import CommunityGroup
from cop.members.models import User

from .models import Category, Post, Reaction, Thread, ThreadServiceArea, ThreadSubscription, WatchLevel

CATEGORIES = [
    (
        "Total Place and place-based budgets",
        "total-place",
        "Joining up public money and services around a place: pooled budgets, shared outcomes, whole-area working.",
        False,
    ),
    (
        "Adult social care",
        "adult-social-care",
        "Home care, residential care, reablement, commissioning and costs.",
        False,
    ),
    (
        "Children's services",
        "childrens-services",
        "Early help, family support, placements and partnership working.",
        False,
    ),
    (
        "Worklessness",
        "worklessness",
        "Helping people into work and learning, including young people not in education or work.",
        False,
    ),
    (
        "Assets and estates",
        "assets-and-estates",
        "Sharing buildings, co-location and making the most of the public estate.",
        False,
    ),
    ("Back office", "back-office", "Shared services, finance, HR, payroll, IT and procurement.", False),
    ("Money-saving tips", "money-saving-tips", "Practical ideas that saved money, large or small.", False),
    (
        "Benchmarking club",
        "benchmarking-club",
        "For verified council officers: questions about submitting and comparing benchmark returns.",
        True,
    ),
]

THREADS = [
    {
        "category": "total-place",
        "title": "Sharing one public access point in a town centre: who runs the front desk?",
        "author": "priya-shah",
        "tags": ["total place", "customer access", "co-location"],
        "services": ["690"],
        "days_ago": 26,
        "body": (
            "We are planning a single access point in one of our market towns, with the county, the district, "
            "the job centre and a health drop-in under one roof.\n\n"
            "The sticking point is the front desk. Each partner wants its own staff to greet its own customers, "
            "which defeats the point. Has anyone got a shared reception working, and who employs the staff?"
        ),
        "replies": [
            (
                "rachel-oneill",
                25,
                "We did this two years ago. One employer (us) runs the front desk under a simple agreement, and the "
                "partners pay a share based on footfall counted at the door each quarter.\n\n"
                "The key was a common triage script: reception staff resolve the simple things and book the rest "
                "into a partner's appointment slot. Staff were trained by every partner for half a day.",
            ),
            (
                "tom-hughes",
                24,
                "From the buildings side: agree who holds the lease before anything else. We lost four months because "
                "nobody wanted to be the tenant. In the end the council took the head lease and sub-let rooms.",
            ),
            (
                "priya-shah",
                23,
                "@rachel-oneill that footfall split is a good idea, much simpler than the time-recording we were "
                "discussing. Did the partners accept the counts without argument?",
            ),
            (
                "rachel-oneill",
                22,
                "Mostly. We share the raw counts every month, so there are no surprises at the quarterly review.",
            ),
        ],
        "accepted": 0,
        "helpful": {0: ["priya-shah", "tom-hughes", "jo-mills"], 1: ["priya-shah"]},
    },
    {
        "category": "worklessness",
        "title": "Pooled budget for young people not in education, employment or training",
        "author": "aisha-begum",
        "tags": ["NEET", "pooled budgets", "young people"],
        "services": ["190", "599"],
        "days_ago": 19,
        "body": (
            "We want to pool money from the council, the college and the local NHS trust for a single key-worker "
            "offer for 16 to 24 year olds who are not in education or work.\n\n"
            "Questions for anyone who has tried it:\n\n"
            "1. Which legal route did you use for the pooled budget?\n"
            "2. How did you share the outcome data without falling foul of data protection?"
        ),
        "replies": [
            (
                "david-okafor",
                18,
                "We used a section 75 agreement for the health money and a simple grant agreement with the college. "
                "Two agreements, one delivery team. Our lawyers preferred that to one three-way agreement.",
            ),
            (
                "priya-shah",
                17,
                "On data: we wrote one data sharing agreement with a clear lawful basis for each partner, and only "
                "shared outcomes at person level with the key workers. The board only ever saw counts.\n\n"
                "@aisha-begum happy to send you our template if you message me.",
            ),
            (
                "jo-mills",
                15,
                "Worth deciding at the start how you will know it worked. Most pooled budget pilots we looked at "
                "could not show impact because nobody recorded a baseline.",
            ),
        ],
        "accepted": 1,
        "helpful": {1: ["aisha-begum", "david-okafor"], 2: ["aisha-begum"]},
    },
    {
        "category": "money-saving-tips",
        "title": "Small changes that saved us real money this year",
        "author": "sam-whitfield",
        "tags": ["money-saving tips"],
        "services": ["690"],
        "days_ago": 12,
        "body": (
            "Starting a list. Ours: we moved council tax reminders to email for everyone who gave us an address, "
            "and printing and postage fell by about a third. What worked for you?"
        ),
        "replies": [
            (
                "helen-carter",
                11,
                "Switching off the second monitor and desk phone for everyone who moved to hybrid working. "
                "Boring, but the energy and line rental saving was larger than we expected.",
            ),
            (
                "gareth-lewis",
                10,
                "Checking direct payment accounts for unspent balances. We recovered money that had built up over "
                "years, with the person's agreement, and nobody lost any support.",
            ),
            (
                "tom-hughes",
                9,
                "Renegotiating cleaning contracts when we gave up two floors of the civic offices. The contract was "
                "still priced on the old floor area.",
            ),
        ],
        "accepted": None,
        "helpful": {0: ["sam-whitfield", "priya-shah"], 1: ["sam-whitfield", "helen-carter"], 2: ["sam-whitfield"]},
    },
    {
        "category": "assets-and-estates",
        "title": "Co-locating police, health visitors and the library in one building",
        "author": "tom-hughes",
        "tags": ["asset co-location", "libraries"],
        "services": ["509", "690"],
        "days_ago": 8,
        "body": (
            "We have a library with spare space and a police front counter that needs a new home. Health visitors "
            "also want a clinic room. Has anyone mixed a police counter with a library? Worried about how it feels "
            "for families."
        ),
        "replies": [
            (
                "priya-shah",
                7,
                "We have one. The police counter has its own entrance off the side street, and an internal door into "
                "the shared meeting rooms. Families do not walk past it to reach the children's library.",
            ),
            (
                "rachel-oneill",
                6,
                "Agree about the separate entrance. Also agree opening hours early: our library closed at 5pm but the "
                "clinic needed evening slots, and nobody had budgeted for the extra caretaking.",
            ),
        ],
        "accepted": 0,
        "helpful": {0: ["tom-hughes"], 1: ["tom-hughes", "helen-carter"]},
    },
    {
        "category": "adult-social-care",
        "title": "Comparing our home care unit costs with neighbours: what counts?",
        "author": "gareth-lewis",
        "tags": ["unit costs", "benchmarking", "home care"],
        "services": ["360"],
        "days_ago": 5,
        "body": (
            "Our net spend per head on adult social care looks high against similar councils, but I suspect we "
            "count things differently. Do you include reablement and the brokerage team in your home care "
            "unit cost?"
        ),
        "replies": [
            (
                "helen-carter",
                4,
                "We include brokerage but not reablement, which we report separately because the first six weeks are "
                "free to the person. Check the revenue outturn guidance on which line reablement belongs to.",
            ),
        ],
        "accepted": None,
        "helpful": {0: ["gareth-lewis"]},
    },
    {
        "category": "childrens-services",
        "title": "Early help hubs: keeping the multi-agency team together when the grant ends",
        "author": "david-okafor",
        "tags": ["early help", "children's services"],
        "services": ["330"],
        "days_ago": 3,
        "body": (
            "Our early help hubs were set up with a time-limited grant. Partners seconded staff, and now each "
            "partner is looking at pulling its people back. How have others made the case to keep a "
            "multi-agency team together?"
        ),
        "replies": [],
        "accepted": None,
        "helpful": {},
    },
    {
        "category": "back-office",
        "title": "Sharing a payroll system with a neighbouring council",
        "author": "helen-carter",
        "tags": ["shared services", "payroll"],
        "services": ["690"],
        "days_ago": 2,
        "body": (
            "We are about to host payroll for a neighbouring district. What should go in the service level "
            "agreement that people usually forget?"
        ),
        "replies": [
            (
                "sam-whitfield",
                1,
                "Who pays when the other council changes its pay policy mid-year and the system needs reconfiguring. "
                "We forgot that and argued about it for months.",
            ),
        ],
        "accepted": None,
        "helpful": {},
    },
    {
        "category": "benchmarking-club",
        "title": "How are you recording agency staff costs in the quarterly return?",
        "author": "gareth-lewis",
        "tags": ["benchmarking", "agency staff"],
        "services": ["360", "330"],
        "days_ago": 1,
        "body": "Agency social workers: employees line or running expenses? I want our numbers to be comparable.",
        "replies": [
            (
                "david-okafor",
                0,
                "Running expenses for us, as they are not on our payroll. That follows the outturn guidance.",
            ),
        ],
        "accepted": 0,
        "helpful": {},
    },
]

# Discussions inside the demo groups (cop.communities.demo): the Total Place network's are for its
# members only. Left out when the groups have not been loaded.
GROUP_THREADS = [
    {
        "group": "total-place-pilots-network",
        "category": "total-place",
        "title": "Counting the money: what we would do differently in a second count",
        "author": "priya-shah",
        "tags": ["total place", "counting"],
        "services": [],
        "days_ago": 12,
        "body": (
            "Our first count took four months and most of it went on getting partners to agree what to "
            "include. If you ran a count again, what would you settle on day one?"
        ),
        "replies": [
            (
                "tom-hughes",
                10,
                "Agree the list of buildings first. We spent weeks on spend that turned out to be rent "
                "paid by one partner to another.",
            ),
            (
                "aisha-begum",
                8,
                "Name one analyst in each partner who owns their numbers, and meet them weekly. "
                "Emails to finance directors went nowhere.",
            ),
        ],
        "accepted": None,
        "helpful": {0: ["priya-shah"]},
    },
    {
        "group": "total-place-pilots-network",
        "category": "total-place",
        "title": "Keeping the partnership going after the pilot money stops",
        "author": "aisha-begum",
        "tags": ["total place", "partnerships"],
        "services": [],
        "days_ago": 5,
        "body": "Which of your pilot boards still meet, and who chairs them now?",
        "replies": [
            (
                "priya-shah",
                4,
                "Ours became the health and wellbeing board's delivery group, chaired by the county.",
            ),
        ],
        "accepted": None,
        "helpful": {},
    },
    {
        "group": "adult-social-care-commissioners",
        "category": "adult-social-care",
        "title": "Reablement: how do you count the hours you avoided?",
        "author": "helen-carter",
        "tags": ["reablement", "home care"],
        "services": ["360"],
        "days_ago": 9,
        "body": (
            "We want to show what reablement saves in later home care. Does anyone follow people up "
            "at 91 days and a year, and how do you cost it?"
        ),
        "replies": [
            (
                "sam-whitfield",
                7,
                "We follow up at 91 days only and cost the package each person would have had, at our "
                "average hourly rate.",
            ),
        ],
        "accepted": 0,
        "helpful": {},
    },
    {
        "group": "childrens-social-care-network",
        "category": "childrens-services",
        "title": "Early help hubs shared with schools: who pays for the building?",
        "author": "david-okafor",
        "tags": ["early help", "co-location"],
        "services": ["330"],
        "days_ago": 6,
        "body": "Our early help team is moving into a primary school. How have others split the running costs?",
        "replies": [
            (
                "rachel-oneill",
                5,
                "We pay a share of running costs by floor area and the school keeps the lettings income.",
            ),
        ],
        "accepted": None,
        "helpful": {},
    },
]


def load(home_page, stdout) -> None:
    categories = {}
    for order, (name, slug, description, restricted) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "restricted": restricted, "sort_order": order},
        )
        categories[slug] = category

    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    missing = _usernames() - set(users)
    if missing:
        stdout.write(f"Discussions: demo members missing ({', '.join(sorted(missing))}); run cop.members.demo first.\n")
        return

    now = timezone.now()
    created = 0
    groups = {g.slug: g for g in CommunityGroup.objects.filter(slug__in={t["group"] for t in GROUP_THREADS})}
    for spec in THREADS + [t for t in GROUP_THREADS if t["group"] in groups]:
        if Thread.objects.filter(title=spec["title"]).exists():
            continue
        started = now - timedelta(days=spec["days_ago"], hours=3)
        thread = Thread.objects.create(
            category=categories[spec["category"]],
            title=spec["title"],
            author=users[spec["author"]],
            group=groups.get(spec.get("group", "")),
            last_activity_at=started,
        )
        thread.tags.set(spec["tags"])
        ThreadServiceArea.objects.bulk_create(ThreadServiceArea(thread=thread, code=c) for c in spec["services"])
        opening = Post.objects.create(thread=thread, author=users[spec["author"]], body=spec["body"], is_opening=True)
        Post.objects.filter(pk=opening.pk).update(created_at=started)
        replies = []
        last = started
        for author, days_ago, body in spec["replies"]:
            post = Post.objects.create(thread=thread, author=users[author], body=body)
            last = now - timedelta(days=days_ago, hours=1)
            Post.objects.filter(pk=post.pk).update(created_at=last)
            replies.append(post)
        for index, usernames in spec["helpful"].items():
            post = replies[index]
            for username in usernames:
                Reaction.objects.get_or_create(post=post, user=users[username])
            Post.objects.filter(pk=post.pk).update(helpful_count=len(usernames))
        accepted = replies[spec["accepted"]] if spec["accepted"] is not None else None
        Thread.objects.filter(pk=thread.pk).update(
            created_at=started,
            last_activity_at=last,
            reply_count=len(replies),
            accepted_post=accepted,
        )
        ThreadSubscription.objects.get_or_create(
            user=users[spec["author"]], thread=thread, defaults={"level": WatchLevel.WATCH}
        )
        created += 1
    stdout.write(f"Discussions: {len(categories)} categories, {created} new demo threads.\n")


def _usernames() -> set[str]:
    names = set()
    for spec in THREADS + GROUP_THREADS:
        names.add(spec["author"])
        names.update(author for author, _d, _b in spec["replies"])
        for usernames in spec["helpful"].values():
            names.update(usernames)
    return names
