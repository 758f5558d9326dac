"""Demo case studies and illustrative citizen stories for the 2009-10 Total Place pilots.

Written in our own words from public sources, which each entry names. Where a pilot's
published figures are not to hand, the entry gives no figures rather than guessing.
Idempotent: pages are found by slug and updated, never duplicated.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from benchmarks.services import ensure_services
from cop.core.demo import ensure_index

from .models import (
    AgencySector,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPartner,
    CaseStudySpendLine,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    ConsentMethod,
    EvidenceStrength,
    SpatialLevel,
    Status,
    StoryConsent,
    Theme,
    WhoLeads,
)
from .services import ensure_review_workflow, ensure_story_workflow, ensure_themes

SOURCE_PILOT_PAGES = "Leadership Centre for Local Government, Total Place pilot pages (August 2009)"
SOURCE_LOCALGOV = 'LocalGov, "Pilots will aim to test delivery of public services" (July 2009)'
SOURCE_FIELD_TRIALS = 'PublicNet, "Field trials to take Total Place forward" (25 March 2010)'

CASE_STUDY_INDEX_INTRO = (
    "<p>What councils and their partners tried, what it cost, what it saved and what they learned. "
    "Every case study records its place, partners, strength of evidence and when it was last reviewed, "
    "so you can find work that fits a place like yours.</p>"
    "<p>The first entries describe the 2009-10 Total Place pilots, in which 13 areas counted all the "
    "public money spent in their place and looked for better ways to use it.</p>"
)
STORY_INDEX_INTRO = (
    "<p>First-hand accounts from people who use local public services. Stories are published with a "
    "first name or a chosen name, after an editor has removed anything that could identify anyone, and "
    "only with the storyteller's consent, which they can withdraw at any time.</p>"
)


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


NOT_YET_CHECKED = (
    "We have not yet checked this pilot's published report, so this page does not say what the pilot "
    "found, what it changed or what it saved."
)

CASE_STUDIES = [
    {
        "title": "Worcestershire: counting £4.4bn of public spend in one county",
        "places": ["E10000034"],
        "summary": "Worcestershire's partners counted more than £4.4bn of public money spent in the county and "
        "found that less than a quarter of it passed through its councils. A review of support for young people "
        "not in education, employment or training found more than 40 agencies involved.",
        "themes": ["Young people", "Back office", "Asset management"],
        "tags": ["total-place", "count", "neet"],
        "services": ["190", "690"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Worcestershire County Council and the district councils", AgencySector.COUNCIL),
            ("NHS Worcestershire", AgencySector.NHS),
            ("West Mercia Police", AgencySector.POLICE),
            ("Voluntary sector, business community and churches", AgencySector.VOLUNTARY),
        ],
        "spend": [
            (
                "All public bodies in Worcestershire (total counted)",
                AgencySector.OTHER,
                4_400_000_000,
                "counted 2009-10",
                "Worcestershire Total Place pilot, as reported in 2010 (figure rounded: 'over £4.4bn')",
            )
        ],
        "problem": _p(
            "Public money reaches Worcestershire through many separate channels: councils, the NHS, police, "
            "central government departments and their agencies. Nobody in the county could see the whole picture.",
            "The pilot's count found over £4.4bn of public spend in the county, with less than a quarter of it "
            "going through the councils. Decisions about most of the money were taken somewhere else.",
        ),
        "intervention": _p(
            "Partners chose themes where need was greatest, including reoffending, obesity, road safety and early "
            "help for families in contact with many services, and looked at sharing buildings and back-office "
            "services (source: " + SOURCE_PILOT_PAGES + ").",
            "One deep dive reviewed services for young people not in education, employment or training. It found "
            "more than 40 agencies with a part to play, each with its own administration.",
        ),
        "outcomes": _p(
            "The review estimated that administration costs for this group could be cut by more than 30% "
            "by joining up the work. This is an estimate, not a measured saving."
        ),
        "savings_percent": Decimal("30"),
        "evidence": EvidenceStrength.ESTIMATE,
        "savings_source": "Worcestershire Total Place pilot review of services for young people not in education, "
        "employment or training (2010): 'an estimated 30%+ saving on administration'",
        "lessons": [
            "Count everything first: the count changes the conversation between partners.",
            "Pick a few themes where many agencies touch the same people.",
            "Savings on administration are easier to estimate than savings from better outcomes.",
        ],
        "period": (datetime.date(2009, 7, 1), datetime.date(2010, 3, 31)),
    },
    {
        "title": "Croydon: Child, Family, Place – early years services redesigned around families",
        "places": ["E09000008"],
        "summary": "Croydon Council and NHS Croydon looked at everything spent on children from before birth to 19, "
        "and made the case for moving money upstream into early help for children up to age 7.",
        "themes": ["Early years", "Children's services", "Health and care"],
        "tags": ["total-place", "early-intervention", "prevention"],
        "services": ["330", "390", "190"],
        "spatial_level": SpatialLevel.DISTRICT,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Croydon Council", AgencySector.COUNCIL),
            ("NHS Croydon", AgencySector.NHS),
            ("Department for Work and Pensions", AgencySector.DWP),
            ("Metropolitan Police", AgencySector.POLICE),
        ],
        "problem": _p(
            "Services for young children and new parents were run by many organisations, each with its own "
            "assessments and thresholds. Most money was spent late, once problems were serious."
        ),
        "intervention": _p(
            "The pilot, led jointly by the council and the primary care trust, counted local spend, "
            "listened to families, studied good practice in early years services and designed a "
            "framework for services built around children and new parents (source: " + SOURCE_PILOT_PAGES + ").",
            'Its final report was published as "Child: Family: Place".',
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": [
            "Start from families' experience, not from organisation charts.",
            "A shared case for prevention needs every funder to see its own benefit.",
        ],
        "period": (datetime.date(2009, 7, 1), datetime.date(2010, 3, 31)),
    },
    {
        "title": "Birmingham: following the money on health, housing and crime",
        "places": ["E08000025"],
        "summary": "One of the largest pilots, Birmingham looked at health, housing and crime spending, including "
        "social housing, mental health, children's care and gang and gun crime, then trialled new approaches to "
        "chronic drug and alcohol misuse.",
        "themes": ["Drugs and alcohol", "Housing", "Community safety"],
        "tags": ["total-place", "field-trial"],
        "services": ["390", "490", "601"],
        "spatial_level": SpatialLevel.DISTRICT,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Birmingham City Council", AgencySector.COUNCIL),
            ("NHS", AgencySector.NHS),
            ("West Midlands Police", AgencySector.POLICE),
        ],
        "problem": _p(
            "Many agencies spent money on the same households – through housing, health and criminal "
            "justice – without a shared view of who they were helping or what worked (source: " + SOURCE_LOCALGOV + ")."
        ),
        "intervention": _p(
            "After the pilot, Birmingham was one of the places chosen for field trials of new ways to "
            "tackle chronic alcohol and drug misuse, and of ways round constraints in the funding "
            "system (source: " + SOURCE_FIELD_TRIALS + ")."
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["The funding system itself can be the barrier: record which rules got in the way."],
    },
    {
        "title": "Leicester and Leicestershire: drugs, alcohol and the cost of reporting",
        "places": ["E06000016", "E10000018"],
        "summary": "The city and county worked as one place. Their evidence on the burden of reporting to central "
        "government was later cited by ministers, and they ran a field trial on drug and alcohol misuse.",
        "themes": ["Drugs and alcohol", "Back office"],
        "tags": ["total-place", "field-trial", "performance-reporting"],
        "services": ["390", "690"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Leicester City Council", AgencySector.COUNCIL),
            ("Leicestershire County Council", AgencySector.COUNCIL),
            ("NHS", AgencySector.NHS),
            ("Leicestershire Police", AgencySector.POLICE),
        ],
        "problem": _p("Time and money went on reporting upwards to many departments rather than on services."),
        "intervention": _p(
            "Leicestershire was among the places taking forward field trials on chronic alcohol and "
            "drug misuse after the pilot (source: " + SOURCE_FIELD_TRIALS + ")."
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Measure the cost of reporting: it makes the case for fewer, shared indicators."],
    },
    {
        "title": "Lewisham: offender management for short sentences",
        "places": ["E09000023"],
        "summary": "Lewisham took its Total Place work into a field trial on managing offenders serving sentences "
        "of less than 12 months, including a common assessment and a single lead professional.",
        "themes": ["Offender management", "Worklessness"],
        "tags": ["total-place", "field-trial", "short-sentences"],
        "services": ["601", "698"],
        "spatial_level": SpatialLevel.DISTRICT,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Lewisham Council", AgencySector.COUNCIL),
            ("Probation service", AgencySector.PROBATION),
            ("Metropolitan Police", AgencySector.POLICE),
        ],
        "problem": _p(
            "People on short prison sentences received little structured support on release, and reoffended often."
        ),
        "intervention": _p(
            "The field trial looked at offender management for those sentenced to less than 12 "
            "months, including a common assessment framework and a single lead professional (source: "
            + SOURCE_FIELD_TRIALS
            + ")."
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["One lead professional per person avoids five agencies each doing a partial assessment."],
    },
    {
        "title": "Luton and Central Bedfordshire: one assessment for short-sentence offenders",
        "places": ["E06000032", "E06000056"],
        "summary": "Two unitary councils worked together and, after the pilot, trialled joined-up management of "
        "offenders on short sentences.",
        "themes": ["Offender management", "Young people"],
        "tags": ["total-place", "field-trial"],
        "services": ["601", "330"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("Luton Borough Council", AgencySector.COUNCIL),
            ("Central Bedfordshire Council", AgencySector.COUNCIL),
            ("Bedfordshire Police", AgencySector.POLICE),
        ],
        "problem": _p("Short-sentence offenders fell between services run by different agencies."),
        "intervention": _p(
            "A field trial on offender management for those sentenced to under 12 months (source: "
            + SOURCE_FIELD_TRIALS
            + ")."
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Neighbouring councils can pilot together when offenders and services cross the boundary."],
    },
    {
        "title": "Bradford: support when leaving care, prison or hospital",
        "places": ["E08000032"],
        "summary": "Bradford looked at what is spent on people at three moments of transition – leaving care, "
        "leaving prison and leaving hospital – and how the support could be joined up.",
        "themes": ["Housing", "Offender management", "Health and care"],
        "tags": ["total-place", "transitions"],
        "services": ["330", "360", "490"],
        "spatial_level": SpatialLevel.DISTRICT,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.EXPLORING,
        "partners": [
            ("City of Bradford Metropolitan District Council", AgencySector.COUNCIL),
            ("NHS", AgencySector.NHS),
        ],
        "problem": _p(
            "Transitions between institutions and home are where support most often breaks down "
            "(theme as reported by " + SOURCE_LOCALGOV + ")."
        ),
        "intervention": _p("The pilot mapped the services and spend around each transition."),
        "not_yet_known": NOT_YET_CHECKED,
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Follow a person through a transition to see the gaps between services."],
    },
    {
        "title": "Coventry, Solihull and Warwickshire: a sub-regional look at education services",
        "places": ["E08000026", "E08000029", "E10000031"],
        "summary": "Three councils across a sub-region used Total Place to examine how education and related "
        "services could be improved across their boundaries.",
        "themes": ["Young people", "Children's services"],
        "tags": ["total-place", "sub-regional"],
        "services": ["190"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.EXPLORING,
        "partners": [
            ("Coventry City Council", AgencySector.COUNCIL),
            ("Solihull Council", AgencySector.COUNCIL),
            ("Warwickshire County Council", AgencySector.COUNCIL),
        ],
        "problem": _p(
            "Families and services cross council boundaries every day (theme as reported by " + SOURCE_LOCALGOV + ")."
        ),
        "intervention": _p("A joint count and review across the three areas."),
        "not_yet_known": NOT_YET_CHECKED,
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Agree a common way of counting before comparing areas."],
    },
    {
        "title": "Dorset, Poole and Bournemouth: services for older people",
        "places": ["E10000009", "E06000029", "E06000028"],
        "summary": "A county and two unitary councils, with the NHS, looked at the whole of what is spent on older "
        "people in the area.",
        "themes": ["Older people", "Health and care"],
        "tags": ["total-place", "ageing"],
        "services": ["360", "390"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.EXPLORING,
        "partners": [
            ("Dorset County Council", AgencySector.COUNCIL),
            ("Borough of Poole", AgencySector.COUNCIL),
            ("Bournemouth Borough Council", AgencySector.COUNCIL),
            ("NHS", AgencySector.NHS),
        ],
        "problem": _p(
            "An older population and spending split between social care and the NHS (theme as reported "
            "by " + SOURCE_LOCALGOV + ")."
        ),
        "intervention": _p("A count of spend on older people across the three councils and the NHS."),
        "not_yet_known": NOT_YET_CHECKED,
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Count health and social care spend on the same people together."],
    },
    {
        "title": "South Tyneside, Gateshead and Sunderland: tackling alcohol harm across South of Tyne",
        "places": ["E08000023", "E08000037", "E08000024"],
        "summary": "Three neighbouring councils and their partners worked as 'South of Tyne' and, after the pilot, "
        "were chosen for a field trial on chronic alcohol and drug misuse.",
        "themes": ["Drugs and alcohol", "Health and care"],
        "tags": ["total-place", "field-trial", "alcohol"],
        "services": ["390"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.PILOTING,
        "partners": [
            ("South Tyneside Council", AgencySector.COUNCIL),
            ("Gateshead Council", AgencySector.COUNCIL),
            ("Sunderland City Council", AgencySector.COUNCIL),
            ("NHS", AgencySector.NHS),
        ],
        "problem": _p("Alcohol harm costs health, police and council services, but no one budget sees the whole."),
        "intervention": _p(
            "A field trial building on new approaches to chronic alcohol and drug misuse (source: "
            + SOURCE_FIELD_TRIALS
            + ")."
        ),
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["Name one partner to hold the whole-system picture of a cross-cutting harm."],
    },
    {
        "title": "Manchester city region (with Warrington): a count across a city region",
        "places": ["E08000003", "E06000007"],
        "summary": "The largest pilot area counted public spend across the Manchester city region including "
        "Warrington.",
        "themes": ["Worklessness", "Early years"],
        "tags": ["total-place", "city-region"],
        "services": ["698"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.EXPLORING,
        "partners": [("Councils of the Manchester city region", AgencySector.COUNCIL)],
        "problem": _p("Public money across a city region flows through dozens of bodies."),
        "intervention": _p(
            "A city-region count (pilot listed by " + SOURCE_PILOT_PAGES + "). Two citizens' stories from "
            "the pilot, about Sure Start, are retold under Citizens' stories."
        ),
        "not_yet_known": NOT_YET_CHECKED,
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": ["At city-region scale, agree which bodies are in the count before counting."],
    },
    {
        "title": "Kent: a Total Place pilot in a large two-tier county",
        "places": ["E10000016"],
        "summary": "Kent was one of the 13 pilot areas.",
        "themes": ["Asset management"],
        "tags": ["total-place"],
        "services": ["690"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.COUNCIL,
        "status": Status.EXPLORING,
        "partners": [("Kent County Council", AgencySector.COUNCIL)],
        "problem": _p("A large two-tier county with many public bodies (pilot listed by " + SOURCE_LOCALGOV + ")."),
        "intervention": _p("Kent took part in the Total Place pilot programme of 2009-10."),
        "not_yet_known": NOT_YET_CHECKED + " If you worked on the pilot, what you learned would fill that gap.",
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": [],
    },
    {
        "title": "Cumbria: an early trial of counting public spend in a rural county",
        "places": ["E10000006"],
        "summary": "Cumbria was one of the places where the Total Place approach was tried before the 13 pilots "
        "began, and then one of the pilots.",
        "themes": ["Back office"],
        "tags": ["total-place", "rural"],
        "services": ["690"],
        "spatial_level": SpatialLevel.COUNTY,
        "who_leads": WhoLeads.PARTNERSHIP,
        "status": Status.EXPLORING,
        "partners": [("Cumbria County Council", AgencySector.COUNCIL)],
        "problem": _p("Serving a sparse rural population costs more per person, and is spread across many bodies."),
        "intervention": _p("An early count of public spend."),
        "not_yet_known": NOT_YET_CHECKED,
        "evidence": EvidenceStrength.ESTIMATE,
        "lessons": [],
    },
]

SOURCE_COP_UPDATE = (
    "Leadership Centre for Local Government, Total Place community of practice update (July 2010): "
    "citizen stories from the Manchester city region pilot"
)

# Retold in our own words from stories the programme published with the tellers' names.
RETOLD_STORIES = [
    {
        "title": "From a Sure Start nursery towards the classroom",
        "byline": "Margaret",
        "place_description": "the Manchester city region",
        "service": "330",
        "pull_quote": "",
        "body": _p(
            "Margaret grew up in care and left school early. Years later, back in her home area with two "
            "children at a Sure Start nursery, she met a link worker there.",
            "The link worker pointed her to a parenting course and to adult literacy classes, and then to "
            "volunteering at the nursery itself. When the story was published, the same worker was helping her "
            "work towards training as a teaching assistant.",
            "What made the difference was one person who knew her and knew what was on offer.",
        ),
        "links": ["manchester-city-region-with-warrington-a-count-across-a-city-region"],
        "source": SOURCE_COP_UPDATE,
    },
    {
        "title": "A place to talk and take the pressure off",
        "byline": "Susan",
        "place_description": "the Manchester city region",
        "service": "330",
        "pull_quote": "",
        "body": _p(
            "Susan could not afford a nursery place for her son. Staff at her Sure Start centre helped her "
            "find a sponsor for the place and sat with her to fill in the forms.",
            "From there she took courses: practical parenting, English and maths, and phonics, so she could "
            "help her son learn to read. She describes the centre as somewhere to talk to people and take the "
            "pressure off.",
        ),
        "links": ["manchester-city-region-with-warrington-a-count-across-a-city-region"],
        "source": SOURCE_COP_UPDATE,
    },
]

STORIES = [
    {
        "title": "Telling my story once",
        "byline": "Sam",
        "place_description": "a town in the West Midlands",
        "service": "330",
        "pull_quote": "By the fourth assessment I had stopped answering the questions properly.",
        "body": _p(
            "After my son was born I was visited by a midwife, then a health visitor, then someone from the "
            "children's centre, then a family support worker. Each of them was kind, and each of them asked "
            "me the same questions.",
            "What helped in the end was one worker who knew the others, and who I could ring.",
        ),
        "links": ["croydon-child-family-place-early-years-services-redesigned-around-families"],
    },
    {
        "title": "Leaving hospital on a Friday",
        "byline": "Pat",
        "place_description": "the south coast",
        "service": "360",
        "pull_quote": "The hospital said I was ready to go home. My house was not ready for me.",
        "body": _p(
            "I was discharged on a Friday afternoon. The rail in the bathroom was not fitted until the "
            "following Wednesday, and in between my neighbour did more than anyone.",
            "A single phone number for the days after discharge would have made all the difference.",
        ),
        "links": ["dorset-poole-and-bournemouth-services-for-older-people"],
    },
    {
        "title": "Out of prison with a bin bag and an appointment",
        "byline": "Jay",
        "place_description": "south London",
        "service": "698",
        "pull_quote": "I had three appointments in three places on my first day out, and no bus fare.",
        "body": _p(
            "On a short sentence you get very little help when you come out. I had a probation appointment, "
            "a housing appointment and a benefits appointment, all on the same day.",
            "When one person started coordinating it, things got easier.",
        ),
        "links": ["lewisham-offender-management-for-short-sentences"],
    },
]


def _authorities(gss_codes):
    from benchmarks.models import Authority

    found = {a.gss_code: a for a in Authority.objects.filter(gss_code__in=gss_codes)}
    return [found[code] for code in gss_codes if code in found]


def _services(codes):
    from benchmarks.models import Service

    found = {s.code: s for s in Service.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def _lessons_stream(lessons):
    if not lessons:
        return []
    return [("lessons", {"heading": "", "lessons": lessons})]


def _save_case_study(index, data, reviewed_on):
    slug = slugify(data["title"])[:80]
    page = CaseStudyPage.objects.child_of(index).filter(slug=slug).first()
    is_new = page is None
    if is_new:
        page = CaseStudyPage(slug=slug)
    page.title = data["title"]
    page.summary = data["summary"]
    page.spatial_level = data["spatial_level"]
    page.who_leads = data["who_leads"]
    page.status = data["status"]
    page.problem = data["problem"]
    page.intervention = data["intervention"]
    page.outcomes = data.get("outcomes", "")
    page.savings_amount = data.get("savings_amount")
    page.savings_percent = data.get("savings_percent")
    page.savings_basis = data.get("savings_basis", "")
    page.evidence_strength = data["evidence"]
    page.savings_source = data.get("savings_source", "")
    page.lessons = _lessons_stream(data.get("lessons"))
    page.not_yet_known = data.get("not_yet_known", "")
    page.last_reviewed = reviewed_on
    if data.get("period"):
        page.period_start, page.period_end = data["period"]
    page.places = _authorities(data["places"])
    page.service_areas = _services(data["services"])
    page.themes.set(list(Theme.objects.filter(name__in=data["themes"])))
    page.tags.set(data["tags"])
    page.partners = [CaseStudyPartner(name=name, sector=sector) for name, sector in data.get("partners", [])]
    page.spend_lines = [
        CaseStudySpendLine(agency=agency, sector=sector, amount=Decimal(amount), year=year, source=source)
        for agency, sector, amount, year, source in data.get("spend", [])
    ]
    if is_new:
        index.add_child(instance=page)
    page.save_revision().publish()
    return page, is_new


def _save_story(index, data, case_study_index):
    from benchmarks.models import Service

    slug = slugify(data["title"])
    story = CitizenStoryPage.objects.child_of(index).filter(slug=slug).first()
    is_new = story is None
    if is_new:
        story = CitizenStoryPage(slug=slug, live=False)
    story.title = data["title"]
    story.byline = data["byline"]
    story.place_description = data["place_description"]
    story.service_area = Service.objects.filter(code=data["service"]).first()
    story.pull_quote = data["pull_quote"]
    story.body = data["body"]
    story.source_citation = data.get("source", "")
    story.is_illustrative = not story.source_citation
    story.linked_case_studies = list(CaseStudyPage.objects.child_of(case_study_index).filter(slug__in=data["links"]))
    if is_new:
        index.add_child(instance=story)
    # Consent first: a story is never published without a consent record.
    if story.source_citation:
        consent = {
            "purpose": "Retold from a story the programme published with the teller's consent: "
            + story.source_citation,
            "given_on": datetime.date(2010, 7, 1),
            "how_given": ConsentMethod.PUBLISHED,
        }
    else:
        consent = {
            "purpose": "Illustrative story written by the Place Exchange team; no real person is described.",
            "given_on": datetime.date(2025, 1, 1),
            "how_given": ConsentMethod.ILLUSTRATIVE,
        }
    StoryConsent.objects.update_or_create(story=story, defaults=consent)
    story.save_revision().publish()
    return is_new


@transaction.atomic
def load(home_page, stdout):
    ensure_services()
    ensure_themes()
    index = ensure_index(home_page, CaseStudyIndexPage, "case-studies", "Case studies", CASE_STUDY_INDEX_INTRO)
    reviewed_on = timezone.localdate().replace(day=1)
    created = 0
    for data in CASE_STUDIES:
        _page, is_new = _save_case_study(index, data, reviewed_on)
        created += is_new
    stdout.write(f"Case studies: {created} created, {len(CASE_STUDIES) - created} updated.")
    # Members' case studies (and editors' changes) under the index go through "Case study review".
    ensure_review_workflow(index)

    stories_index = ensure_index(home_page, CitizenStoryIndexPage, "stories", "Citizens' stories", STORY_INDEX_INTRO)
    ensure_story_workflow(stories_index)
    stories = RETOLD_STORIES + STORIES
    new_stories = sum(_save_story(stories_index, data, index) for data in stories)
    stdout.write(f"Citizen stories: {new_stories} created, {len(stories) - new_stories} updated.")
