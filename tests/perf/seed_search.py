"""Search volume for the perf harness: `seed(n)` makes sure at least n items are in the
site-search index (cop.sitesearch.SearchDocument).

It first indexes the real content already in the database (rebuild_all: demo content and
whatever other seeders created with bulk_create, which sends no index events), then tops
up with synthetic items written with bulk_create: realistic local-government sentences,
so that a two-word query such as "pooled budget" matches a few thousand items, with facet
values spread over every facet. Synthetic rows use the source "perf_item"; a later
`rebuild_search_index` removes them again.

Run on its own: DATABASE_URL=postgres://postgres@127.0.0.1:5432/pe_search \
    python tests/perf/seed_search.py 50000
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

SOURCE = "perf_item"
BATCH = 5_000

SENTENCES = [
    "Partners pooled their budget for young people leaving care and agreed one set of outcomes.",
    "The pooled budget covered reablement, home care and community equipment.",
    "We co-located the library, the job centre and health visitors in the town centre.",
    "A single front desk for council, police and housing enquiries cut repeat visits.",
    "Adult social care costs in the county rose faster than the population aged over 85.",
    "The count found that less than a quarter of public spend was controlled locally.",
    "Children's centres moved into primary schools to reach families earlier.",
    "Offenders serving short sentences were given one assessment shared by every agency.",
    "The district and county councils merged their revenues and benefits teams.",
    "Shared payroll and finance systems saved money in the back office.",
    "Drug and alcohol services were commissioned jointly with the NHS.",
    "A key worker supported each family instead of seven different professionals.",
    "Older people leaving hospital on a Friday were visited at home the same evening.",
    "Highways maintenance was planned with the utilities to avoid digging roads twice.",
    "The evaluation compared unit costs with similar councils before and after the change.",
    "Public health funding paid for a falls prevention service run by the fire service.",
    "Libraries opened longer hours by sharing buildings with community groups.",
    "Housing officers and social workers met weekly to prevent evictions.",
    "The partnership published its spending data so residents could see the whole picture.",
    "Waste collection rounds were redesigned using route optimisation software.",
    "Young people not in education, employment or training were offered apprenticeships.",
    "A community asset transfer kept the village hall open.",
    "The council reduced agency staff costs by creating an internal bank of social workers.",
    "Planning and building control shared a single digital case system.",
    "Domestic abuse services were brought together in one hub with the police.",
    "Early help referrals fell after schools gained direct access to family support.",
    "The fire service carried out safe and well visits for people at risk of falls.",
    "Energy efficiency grants were targeted using council tax and benefits data.",
    "A shared procurement team bought care placements for three councils.",
    "Residents told their story once and every service could see it.",
    "Transport for patients to hospital appointments was booked through one number.",
    "The estate review found twelve buildings that could be closed or shared.",
    "Leisure centres were transferred to a trust to protect opening hours.",
    "Mental health nurses joined police patrols on Friday and Saturday nights.",
    "A budget for rough sleepers was pooled across the city and two districts.",
    "Street lighting was switched to LED lamps with a payback within six years.",
    "The contact centre answered calls for the council and the housing association.",
    "Schools shared business managers to cut back-office costs.",
    "Care homes and GPs agreed a single medicines review for residents.",
    "The neighbourhood team combined wardens, police community support officers and youth workers.",
]
# Generated sentences: a subject, what they did, to what, for whom, where. Combined with the
# fixed sentences above this gives a varied corpus in which a two-word query such as
# "pooled budget" matches some thousands of the 50,000 items (a pessimistic share).
SUBJECTS = [
    "The council",
    "The county council",
    "Three district councils",
    "The NHS trust",
    "The police",
    "The partnership",
    "A voluntary group",
    "The housing association",
    "Local schools",
    "The fire service",
    "Jobcentre Plus",
    "The combined authority",
    "The clinical commissioning group",
    "Probation",
    "The college",
    "Town and parish councils",
    "A social enterprise",
    "The integrated care board",
    "Two unitary councils",
    "The city council",
]
VERBS = [
    "pooled",
    "shared",
    "redesigned",
    "reviewed",
    "cut",
    "moved",
    "commissioned",
    "evaluated",
    "merged",
    "funded",
    "piloted",
    "scaled up",
    "stopped",
    "published",
    "measured",
    "simplified",
]
OBJECTS = [
    "its budget for",
    "the front desk for",
    "a key worker service for",
    "the contact centre for",
    "data about",
    "buildings used by",
    "transport for",
    "the assessment of",
    "payroll for staff supporting",
    "training for",
    "advice for",
    "home visits to",
    "grants for",
    "a helpline for",
    "case records about",
    "outreach to",
    "respite care for",
    "employment support for",
    "housing support for",
    "digital services for",
]
GROUPS = [
    "young people leaving care",
    "older people",
    "families with young children",
    "rough sleepers",
    "people leaving hospital",
    "offenders on short sentences",
    "carers",
    "people with learning disabilities",
    "council tenants",
    "small businesses",
    "residents in rural villages",
    "pupils excluded from school",
    "veterans",
    "refugee families",
    "people with dementia",
    "victims of domestic abuse",
    "new parents",
    "people with long-term conditions",
    "disabled children",
    "students",
]
TAILS = [
    "in the town centre",
    "across the county",
    "in two wards",
    "over three years",
    "with the NHS",
    "after the pilot ended",
    "with the district councils",
    "in the market towns",
    "on the estate",
    "from a single building",
    "within the first year",
    "",
]


def _generated_sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(GROUPS), rng.choice(TAILS)]
    return " ".join(p for p in parts if p) + "."


PLACES = [
    "Worcestershire",
    "Herefordshire",
    "Leeds",
    "Kent",
    "Camden",
    "Manchester",
    "Cornwall",
    "Norwich",
    "Birmingham",
    "Croydon",
    "Lewisham",
    "Bradford",
    "Cumbria",
    "Dorset",
    "Luton",
    "Leicester",
    "Coventry",
    "Sunderland",
    "Gateshead",
    "Solihull",
    "Warwickshire",
    "Poole",
    "Bournemouth",
    "Warrington",
]
TITLE_TEMPLATES = [
    "{place}: {topic}",
    "{topic} in {place}",
    "How {place} approached {topic}",
    "Lessons from {place} on {topic}",
    "{topic}: what worked",
]
TOPICS = [
    "pooled budgets for young people",
    "co-locating public services",
    "adult social care costs",
    "shared back-office services",
    "offender management",
    "early years services",
    "hospital discharge",
    "drug and alcohol services",
    "community safety hubs",
    "asset management",
    "customer access",
    "family support",
    "falls prevention",
    "waste collection",
    "rough sleeping",
    "library services",
]
TYPES = ["Case study", "Citizen story", "Discussion", "Discussion reply", "Library document", "Update", "Event"]
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
SERVICES = [
    "Education services",
    "Highways and transport services",
    "Children's social care",
    "Adult social care",
    "Public health",
    "Housing services (general fund)",
    "Cultural and related services",
    "Environmental and regulatory services",
    "Planning and development services",
    "Central services",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
COUNCIL_TYPES = ["County council", "District council", "Unitary authority", "Metropolitan district", "London borough"]
LEVELS = ["County", "District", "Town", "Ward", "Neighbourhood", "Street"]
LEADS = ["Council", "Partnership", "Community", "Provider"]


def _item(n: int, rng: random.Random):
    from cop.sitesearch.models import SearchDocument, facet_tokens

    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    title = rng.choice(TITLE_TEMPLATES).format(place=place, topic=topic)
    title = title[0].upper() + title[1:]
    sentences = [rng.choice(SENTENCES)] + [_generated_sentence(rng) for _ in range(rng.randint(2, 6))]
    rng.shuffle(sentences)
    date = datetime(2009, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 6000))
    kind = rng.choice(TYPES)
    facets = {
        "type": [kind],
        "theme": rng.sample(THEMES, rng.randint(1, 3)),
        "service": rng.sample(SERVICES, rng.randint(0, 2)),
        "region": [rng.choice(REGIONS)],
        "council_type": [rng.choice(COUNCIL_TYPES)],
        "level": [rng.choice(LEVELS)] if kind == "Case study" else [],
        "lead": [rng.choice(LEADS)] if kind == "Case study" else [],
        "year": [str(date.year)],
    }
    return SearchDocument(
        facets=facets,
        facet_tokens=facet_tokens(facets),
        source=SOURCE,
        object_id=str(n),
        audience="public" if rng.random() < 0.85 else rng.choice(["members", "verified"]),
        title=title,
        summary=sentences[0],
        body=" ".join(sentences[1:]),
        keywords=f"{place} {topic}",
        url=f"/search/?q={place}",
        date=date,
    )


def seed(n: int = 50_000, rebuild: bool = True) -> dict:
    from django.db import transaction

    from cop.sitesearch.models import SearchDocument
    from cop.sitesearch.services import rebuild_all, write_engine_structures

    started = time.monotonic()
    real = rebuild_all() if rebuild else {}
    existing = SearchDocument.objects.count()
    wanted = max(0, n - existing)
    rng = random.Random(20100401)  # the same volume every time
    offset = SearchDocument.objects.filter(source=SOURCE).count()
    made = 0
    while made < wanted:
        size = min(BATCH, wanted - made)
        with transaction.atomic():
            rows = SearchDocument.objects.bulk_create([_item(offset + made + i, rng) for i in range(size)])
            write_engine_structures(rows)
        made += size
    total = SearchDocument.objects.count()
    return {
        "real": sum(real.values()),
        "synthetic": made,
        "total": total,
        "seconds": round(time.monotonic() - started, 1),
    }


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    import django

    django.setup()
    print(seed(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
