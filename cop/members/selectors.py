"""Read-only questions about members."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db.models import Q

from cop.sitesearch.registry import registry

if TYPE_CHECKING:
    from benchmarks.models import Authority

MODERATORS_GROUP = "Moderators"


def _profile(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from .models import Profile

    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def verified_council_for(user) -> Authority | None:
    """The council this user is a verified officer of, or None.

    None for anonymous, inactive, deleted or suspended members, so a suspension also
    stops benchmark submissions.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "deleted_at", None):
        return None
    profile = _profile(user)
    if profile is None or profile.verified_council_id is None or profile.is_suspended:
        return None
    return profile.verified_council


def is_verified_officer(user) -> bool:
    return verified_council_for(user) is not None


def is_moderator(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, "_pe_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._pe_is_moderator = cached
    return cached


def is_suspended(user) -> bool:
    profile = _profile(user)
    return bool(profile and profile.is_suspended)


def _domain_candidates(email: str) -> list[str]:
    if not email or "@" not in email:
        return []
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def council_for_email(email: str) -> Authority | None:
    """The council whose allow-listed email domain matches this address (sub-domains included)."""
    return councils_for_emails([email]).get(email)


def councils_for_emails(emails) -> dict[str, Authority | None]:
    """council_for_email for many addresses in one query (the verification queue)."""
    from .models import CouncilEmailDomain

    candidates = {email: _domain_candidates(email) for email in emails}
    wanted = {domain for domains in candidates.values() for domain in domains}
    if not wanted:
        return dict.fromkeys(candidates)
    known = {d.domain: d for d in CouncilEmailDomain.objects.select_related("authority").filter(domain__in=wanted)}
    result = {}
    for email, domains in candidates.items():
        matches = [known[domain] for domain in domains if domain in known]
        # The longest (most specific) domain wins.
        result[email] = max(matches, key=lambda d: len(d.domain)).authority if matches else None
    return result


def directory_members(*, query: str = "", council=None, region: str = "", council_type: str = "", expertise: str = ""):
    """Members who chose to be listed in the directory, filtered."""
    from .models import Profile

    profiles = (
        Profile.objects.filter(show_in_directory=True, user__is_active=True, user__deleted_at__isnull=True)
        .select_related("user", "organisation", "verified_council")
        .prefetch_related("expertise")
    )
    if query:
        profiles = profiles.filter(
            Q(user__display_name__icontains=query)
            | Q(user__username__icontains=query)
            | Q(role__icontains=query)
            | Q(bio__icontains=query)
            | Q(other_organisation__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(expertise__name__icontains=query)
        ).distinct()
    if council:
        profiles = profiles.filter(organisation__gss_code=council)
    if region:
        profiles = profiles.filter(Q(region=region) | Q(organisation__region=region))
    if council_type:
        profiles = profiles.filter(organisation__authority_type=council_type)
    if expertise:
        profiles = profiles.filter(expertise__name__iexact=expertise).distinct()
    return profiles.order_by("user__display_name", "user__username")


def directory_councils():
    """Councils that at least one listed member works for (for the directory filter)."""
    from benchmarks.models import Authority

    return Authority.objects.filter(member_profiles__show_in_directory=True).distinct().order_by("name")


def popular_expertise(limit: int = 30):
    from django.db.models import Count
    from taggit.models import Tag

    return (
        Tag.objects.filter(members_expertisetag_items__isnull=False)
        .annotate(num=Count("members_expertisetag_items"))
        .order_by("-num", "name")[:limit]
    )


def email_visible_to(profile, viewer) -> bool:
    if profile.user.deleted_at or not profile.user.email:
        return False
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        if viewer.pk == profile.user_id or is_moderator(viewer):
            return True
        if profile.email_visibility == "members":
            return True
        if profile.email_visibility == "verified" and is_verified_officer(viewer):
            return True
    return False


# Wagtail creates these two groups; editors publish content, moderators run the review queues.
ADMIN_ROLE_GROUPS = ("Editors", MODERATORS_GROUP)


def has_verified_email(user) -> bool:
    """Whether the member has confirmed an email address (allauth's record, not a flag we keep)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def may_use_admin(user) -> bool:
    """Admin screens (Wagtail and Django's): an active member with a confirmed email and an editor
    or moderator role. Being signed in is not enough. A superuser is let in without an allauth
    email record: only `createsuperuser` (shell access) makes one, never the sign-up form."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "deleted_at", None):
        return False
    if user.is_superuser:
        return True
    return has_verified_email(user) and user.groups.filter(name__in=ADMIN_ROLE_GROUPS).exists()


def may_review_verifications(user) -> bool:
    """Who decides verification requests: moderators and editors (with admin access), superusers."""
    if not may_use_admin(user):
        return False
    return user.is_superuser or is_moderator(user) or user.groups.filter(name__in=ADMIN_ROLE_GROUPS).exists()


def pending_verification_requests():
    """The moderators' queue, oldest first."""
    from .models import VerificationRequest, VerificationStatus

    return VerificationRequest.objects.filter(status=VerificationStatus.PENDING).select_related(
        "user", "council", "user__profile__organisation"
    )


def latest_verification_request(user):
    """The member's most recent verification request (for their profile), or None."""
    from .models import VerificationRequest

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        VerificationRequest.objects.filter(user=user).select_related("council").order_by("-created_at", "-id").first()
    )


def is_confirmed_email_of(user, email: str) -> bool:
    """Whether `email` is one of the member's addresses that they have confirmed (allauth's record)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email.strip(), verified=True).exists()


MEMBER_CARD_SECONDS = 600


def member_card_key(user_id) -> str:
    return f"member-card:{user_id}"


def member_card(user) -> dict:
    """What member pages need to know about a member beyond the user row, cached (two queries
    otherwise). cop.members.signals forgets it whenever the profile, the user or their groups
    change, so a suspension, a verification or a new role shows on the next page."""
    from django.core.cache import cache

    key = member_card_key(user.pk)
    card = cache.get(key)
    if card is None:
        profile = _profile(user)
        card = {
            "moderator": user.groups.filter(name=MODERATORS_GROUP).exists(),
            "suspended_until": profile.suspended_until if profile else None,
            "council": profile.verified_council_id if profile else None,
            # Closed groups' audiences (registered by cop.communities): their members see content
            # others of the same class must not, so the audiences are part of the class.
            "audiences": sorted(registry.extra_audiences(user)),
        }
        cache.set(key, card, MEMBER_CARD_SECONDS)
    return card


def member_page_class(user) -> str | None:
    """The class of member whose pages look alike apart from their holes (cop.core.member_pages):
    whether they may take part, and the council they are a verified officer of. None (always the
    full page) for staff, moderators and inactive or deleted accounts."""
    if not user.is_active or user.is_staff or user.is_superuser or getattr(user, "deleted_at", None):
        return None
    from django.utils import timezone

    card = member_card(user)
    if card["moderator"]:
        return None
    suspended = card["suspended_until"] is not None and card["suspended_until"] > timezone.now()
    council = 0 if suspended or card["council"] is None else card["council"]
    member_class = f"p{int(not suspended)}.c{council}"
    if card.get("audiences"):
        member_class += ".a" + hashlib.sha256(",".join(card["audiences"]).encode()).hexdigest()[:16]
    return member_class
