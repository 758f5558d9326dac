"""Demo content for benchmarking comparisons: the "Total Place pilot areas" saved group.

Total Place (2009-10) piloted counting all public spending in 13 places. The group holds the
councils of those places. Idempotent: running twice changes nothing. If the official authority
lookup has not been imported yet, the councils are created with their GSS codes (the importer
later merges them on the GSS code and fills in the rest).
"""

import datetime

from django.db import transaction

TOTAL_PLACE_GROUP = "Total Place pilot areas"
TOTAL_PLACE_DESCRIPTION = (
    "The councils of the 13 Total Place pilots of 2009-10, which counted all public money spent in a place "
    "to find where services overlapped. Some have since been reorganised (Dorset, Bournemouth and Poole in "
    "2019; Cumbria in 2023); their figures appear for the years they existed. Greater Manchester is "
    "represented by Manchester City Council."
)
# GSS code, name, type, region, abolished on
TOTAL_PLACE_COUNCILS = [
    ("E08000025", "Birmingham", "MD", "West Midlands", None),
    ("E08000032", "Bradford", "MD", "Yorkshire and The Humber", None),
    ("E06000056", "Central Bedfordshire", "UA", "East of England", None),
    ("E06000032", "Luton", "UA", "East of England", None),
    ("E08000026", "Coventry", "MD", "West Midlands", None),
    ("E08000029", "Solihull", "MD", "West Midlands", None),
    ("E10000031", "Warwickshire", "CTY", "West Midlands", None),
    ("E09000008", "Croydon", "LBO", "London", None),
    ("E10000006", "Cumbria", "CTY", "North West", datetime.date(2023, 3, 31)),
    ("E10000009", "Dorset", "CTY", "South West", datetime.date(2019, 3, 31)),
    ("E06000028", "Bournemouth", "UA", "South West", datetime.date(2019, 3, 31)),
    ("E06000029", "Poole", "UA", "South West", datetime.date(2019, 3, 31)),
    ("E06000047", "County Durham", "UA", "North East", None),
    ("E10000016", "Kent", "CTY", "South East", None),
    ("E06000016", "Leicester", "UA", "East Midlands", None),
    ("E10000018", "Leicestershire", "CTY", "East Midlands", None),
    ("E09000023", "Lewisham", "LBO", "London", None),
    ("E08000003", "Manchester", "MD", "North West", None),
    ("E10000034", "Worcestershire", "CTY", "West Midlands", None),
]
TIER = {"CTY": "upper", "NMD": "lower", "UA": "single", "MD": "single", "LBO": "single", "CC": "single"}


@transaction.atomic
def load(home_page, stdout):
    from benchmarks.groups.models import ComparisonGroup
    from benchmarks.models import Authority

    existing = {a.gss_code: a for a in Authority.objects.filter(gss_code__in=[c[0] for c in TOTAL_PLACE_COUNCILS])}
    created = 0
    members = []
    for gss, name, kind, region, end_date in TOTAL_PLACE_COUNCILS:
        authority = existing.get(gss)
        if authority is None:
            authority = Authority.objects.create(
                gss_code=gss,
                name=name,
                authority_type=kind,
                region=region,
                nation="England",
                end_date=end_date,
                tier=TIER[kind],
                is_principal_council=True,
            )
            created += 1
        members.append(authority)
    group = ComparisonGroup.objects.filter(name=TOTAL_PLACE_GROUP, created_by__isnull=True).first()
    if group is None:
        group = ComparisonGroup.objects.create(
            name=TOTAL_PLACE_GROUP, description=TOTAL_PLACE_DESCRIPTION, is_featured=True
        )
        action = "created"
    else:
        action = "already there"
        if group.description != TOTAL_PLACE_DESCRIPTION or not group.is_featured:
            group.description, group.is_featured = TOTAL_PLACE_DESCRIPTION, True
            group.save(update_fields=["description", "is_featured", "updated_at"])
    group.members.set(members)
    note = f" ({created} councils added ahead of the official lookup)" if created else ""
    stdout.write(f"benchmarks: comparison group “{TOTAL_PLACE_GROUP}” {action}, {len(members)} councils{note}\n")
    return group
