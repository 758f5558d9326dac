"""Demo members from several councils and roles (idempotent: running twice duplicates nothing).

Demo members have no usable password (they cannot sign in) and use example.org-style
addresses, so no email is ever sent to a real council. The council email-domain allow-list
is real reference data: staff can edit it in the admin.
"""

from allauth.account.models import EmailAddress

from benchmarks.models import Authority

from .models import CouncilEmailDomain, Profile, User, VerificationMethod
from .services import ensure_moderators_group

# (GSS code, name, type, region, email domain). Real GSS codes, so the official import later
# updates these rows rather than duplicating them.
COUNCILS = [
    ("E10000034", "Worcestershire", "CTY", "West Midlands", "worcestershire.gov.uk"),
    ("E06000019", "Herefordshire, County of", "UA", "West Midlands", "herefordshire.gov.uk"),
    ("E08000035", "Leeds", "MD", "Yorkshire and The Humber", "leeds.gov.uk"),
    ("E10000016", "Kent", "CTY", "South East", "kent.gov.uk"),
    ("E09000007", "Camden", "LBO", "London", "camden.gov.uk"),
    ("E08000003", "Manchester", "MD", "North West", "manchester.gov.uk"),
    ("E06000052", "Cornwall", "UA", "South West", "cornwall.gov.uk"),
    ("E07000148", "Norwich", "NMD", "East of England", "norwich.gov.uk"),
]

# username, display name, council GSS code (or None), other organisation, role, expertise, bio
MEMBERS = [
    (
        "priya-shah",
        "Priya Shah",
        "E10000034",
        "",
        "Head of Place-Based Commissioning",
        ["total place", "pooled budgets", "commissioning"],
        "I lead our work on joining up budgets across the county with health, police and the district councils.",
    ),
    (
        "tom-hughes",
        "Tom Hughes",
        "E06000019",
        "",
        "Assets and Estates Manager",
        ["asset co-location", "estates rationalisation"],
        "Twelve years in property. Happy to talk about shared buildings, leases and the practicalities of moving teams.",
    ),
    (
        "aisha-begum",
        "Aisha Begum",
        "E08000035",
        "",
        "Employment and Skills Lead",
        ["worklessness", "NEET", "pooled budgets"],
        "I run our partnership with Jobcentre Plus and colleges for young people who are not in work or learning.",
    ),
    (
        "gareth-lewis",
        "Gareth Lewis",
        "E10000016",
        "",
        "Finance Business Partner, Adult Social Care",
        ["adult social care", "benchmarking", "unit costs"],
        "I look after the adult social care budget and spend too much time comparing unit costs with our neighbours.",
    ),
    (
        "rachel-oneill",
        "Rachel O'Neill",
        "E09000007",
        "",
        "Customer Services Manager",
        ["customer access", "shared front office"],
        "I manage our contact centre and face-to-face service points.",
    ),
    (
        "david-okafor",
        "David Okafor",
        "E08000003",
        "",
        "Strategy Officer, Children's Services",
        ["children's services", "early help"],
        "Policy and strategy for early help and family support.",
    ),
    (
        "helen-carter",
        "Helen Carter",
        "E06000052",
        "",
        "Shared Services Programme Manager",
        ["back office", "shared services", "payroll"],
        "I have spent five years merging back-office services between councils and the NHS.",
    ),
    (
        "sam-whitfield",
        "Sam Whitfield",
        "E07000148",
        "",
        "Revenues and Benefits Team Leader",
        ["money-saving tips", "revenues and benefits"],
        "Small savings add up. I collect ideas that worked in district councils.",
    ),
    (
        "jo-mills",
        "Jo Mills",
        None,
        "Local Services Research Network",
        "Researcher and community moderator",
        ["evaluation", "total place"],
        "I study what happens after place-based pilots end, and help moderate these discussions.",
    ),
]

MODERATOR_USERNAMES = {"jo-mills"}


def ensure_council(gss_code: str) -> Authority:
    for code, name, kind, region, _domain in COUNCILS:
        if code == gss_code:
            authority, _ = Authority.objects.get_or_create(
                gss_code=code,
                defaults={"name": name, "authority_type": kind, "region": region, "nation": "England"},
            )
            return authority
    raise KeyError(gss_code)


def load(home_page, stdout) -> None:
    created = 0
    for code, _name, _kind, _region, domain in COUNCILS:
        authority = ensure_council(code)
        CouncilEmailDomain.objects.get_or_create(domain=domain, defaults={"authority": authority})

    moderators = ensure_moderators_group()
    for username, display_name, gss_code, other_org, role, expertise, bio in MEMBERS:
        email = f"{username}@members.placeexchange.example"
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"email": email, "display_name": display_name}
        )
        if was_created:
            user.set_unusable_password()
            user.save()
            created += 1
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile, _ = Profile.objects.get_or_create(user=user)
        council = ensure_council(gss_code) if gss_code else None
        profile.organisation = council
        profile.other_organisation = other_org
        profile.role = role
        profile.region = council.region if council else "National"
        profile.bio = bio
        profile.email_visibility = "members"
        if council:
            profile.verified_council = council
            profile.verification_method = VerificationMethod.MODERATOR
        profile.save()
        profile.expertise.set(expertise)
        if username in MODERATOR_USERNAMES:
            user.groups.add(moderators)
    stdout.write(f"Members: {created} demo members created, {len(MEMBERS)} in total.\n")
