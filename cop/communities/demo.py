"""Demo groups (idempotent): the Total Place pilots network, closed, and one open group for each of
two service areas, with demo members as managers and members. Their discussions are added by
cop.discussions.demo, which runs after this. The text is our own."""

from django.utils import timezone

from casestudies.models import Theme
from casestudies.services import ensure_themes
from cop.members.models import User

from .models import Access, CommunityGroup, GroupServiceArea, Membership, MembershipStatus, Role

GROUPS = [
    {
        "slug": "total-place-pilots-network",
        "name": "Total Place pilots network",
        "summary": "For people who worked on the Total Place pilots and their successors: what was counted, "
        "what changed, and what we would do again.",
        "description": "A members-only room for candid notes between places. Ask to join and say which "
        "pilot or partnership you work in.",
        "access": Access.REQUEST,
        "region": "National",
        "themes": ["Health and care", "Children's services", "Asset management"],
        "services": [],
        "managers": ["priya-shah"],
        "members": ["tom-hughes", "aisha-begum"],
        "pending": ["gareth-lewis"],
    },
    {
        "slug": "adult-social-care-commissioners",
        "name": "Adult social care commissioners",
        "summary": "Home care, reablement and residential care: commissioning, costs and benchmarks.",
        "description": "Open to anyone working on adult social care. Compare your costs per head on the "
        "benchmarking pages, then bring the questions here.",
        "access": Access.OPEN,
        "region": "",
        "themes": ["Older people", "Health and care"],
        "services": ["360"],
        "managers": ["helen-carter"],
        "members": ["priya-shah", "sam-whitfield"],
        "pending": [],
    },
    {
        "slug": "childrens-social-care-network",
        "name": "Children's social care network",
        "summary": "Early help, placements and family support: what works and what it costs.",
        "description": "Open to anyone working on children's services.",
        "access": Access.OPEN,
        "region": "",
        "themes": ["Children's services", "Early years", "Young people"],
        "services": ["330"],
        "managers": ["david-okafor"],
        "members": ["aisha-begum", "rachel-oneill"],
        "pending": [],
    },
]


def _usernames() -> set[str]:
    return {name for spec in GROUPS for key in ("managers", "members", "pending") for name in spec[key]}


def load(home_page, stdout) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    missing = _usernames() - set(users)
    if missing:
        stdout.write(f"Groups: demo members missing ({', '.join(sorted(missing))}); run cop.members.demo first.\n")
        return
    ensure_themes()
    created = 0
    for spec in GROUPS:
        group, made = CommunityGroup.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "summary": spec["summary"],
                "description": spec["description"],
                "access": spec["access"],
                "region": spec["region"],
                "created_by": users[spec["managers"][0]],
            },
        )
        if not made:
            continue
        created += 1
        group.themes.set(Theme.objects.filter(name__in=spec["themes"]))
        GroupServiceArea.objects.bulk_create(GroupServiceArea(group=group, code=c) for c in spec["services"])
        now = timezone.now()
        for key, role, status in (
            ("managers", Role.MANAGER, MembershipStatus.ACTIVE),
            ("members", Role.MEMBER, MembershipStatus.ACTIVE),
            ("pending", Role.MEMBER, MembershipStatus.PENDING),
        ):
            Membership.objects.bulk_create(
                Membership(
                    group=group,
                    user=users[name],
                    role=role,
                    status=status,
                    joined_at=now if status == MembershipStatus.ACTIVE else None,
                )
                for name in spec[key]
            )
    stdout.write(f"Groups: {created} new demo groups, {len(GROUPS)} in total.\n")
