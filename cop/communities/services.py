"""Writes for groups: creating one, joining, asking to join, and what managers do.

Every function checks permission itself and refuses with cop.core.errors (NotPermitted, Invalid)
or a ValidationError keyed by form field; nothing is saved when it refuses.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cop.core.cache import purge_page_cache
from cop.core.errors import Invalid, NotPermitted
from cop.core.site_url import absolute_url
from cop.members.models import MemberRegion, User
from cop.members.selectors import is_suspended

from . import selectors
from .models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    Access,
    CommunityGroup,
    GroupServiceArea,
    Membership,
    MembershipStatus,
    Role,
)

RESERVED_SLUGS = {"new", "api"}
EMAILS = {
    # what happened -> (subject, template): the member (or the managers) hear of it by email too.
    "invited": ("You are invited to join {group}", "communities/email/invited.txt"),
    "approved": ("You are now a member of {group}", "communities/email/approved.txt"),
    "join_requested": ("{member} asks to join {group}", "communities/email/join_requested.txt"),
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _require_participant(user, doing: str) -> None:
    if not selectors._signed_in(user):
        raise NotPermitted(f"Sign in to {doing}")
    if is_suspended(user):
        raise NotPermitted(f"Your account is suspended, so you cannot {doing}")


def _clean_text(value, field: str, label: str, max_length: int, *, required: bool) -> str:
    text = CONTROL_CHARACTERS.sub("", str(value or "")).strip()
    if required and not text:
        raise ValidationError({field: f"Enter {label}"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label[0].upper()}{label[1:]} must be {max_length:,} characters or fewer"})
    return text


def _clean_group_fields(*, name, summary, description, access, theme_slugs, service_codes, region) -> dict:
    from casestudies.models import Theme

    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def attempt(field, function):
        try:
            cleaned[field] = function()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)

    attempt("name", lambda: _clean_text(name, "name", "a name for the group", MAX_NAME_LENGTH, required=True))
    attempt("summary", lambda: _clean_text(summary, "summary", "a summary", MAX_SUMMARY_LENGTH, required=True))
    attempt(
        "description",
        lambda: _clean_text(description, "description", "the description", MAX_DESCRIPTION_LENGTH, required=False),
    )
    if access not in Access.values:
        errors["access"] = ["Choose who can join the group"]
    if region and region not in MemberRegion.values:
        errors["region"] = ["Choose a region from the list"]
    themes = list(Theme.objects.filter(slug__in=list(theme_slugs or [])))
    if len(themes) != len(set(theme_slugs or [])):
        errors["themes"] = ["Choose themes from the list"]
    codes = list(dict.fromkeys(str(c) for c in service_codes or []))
    if any(code not in selectors.service_names() for code in codes):
        errors["service_codes"] = ["Choose service areas from the list"]
    if "name" in cleaned and not slugify(cleaned["name"]):
        errors["name"] = ["Enter a name with at least one letter or number"]
    if errors:
        raise ValidationError(errors)
    return {**cleaned, "access": access, "region": region or "", "themes": themes, "service_codes": codes}


def _unique_slug(name: str) -> str:
    base = slugify(name)[: MAX_NAME_LENGTH - 8] or "group"
    if base in RESERVED_SLUGS:
        base = f"{base}-group"
    slug, n = base, 2
    while CommunityGroup.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_group(
    creator, *, name, summary, description="", access=Access.OPEN, theme_slugs=(), service_codes=(), region=""
) -> CommunityGroup:
    _require_participant(creator, "start a group")
    cleaned = _clean_group_fields(
        name=name,
        summary=summary,
        description=description,
        access=access,
        theme_slugs=theme_slugs,
        service_codes=service_codes,
        region=region,
    )
    if CommunityGroup.objects.filter(name__iexact=cleaned["name"]).exists():
        raise ValidationError({"name": "A group with this name already exists: choose another name"})
    try:
        with transaction.atomic():
            group = CommunityGroup.objects.create(
                name=cleaned["name"],
                slug=_unique_slug(cleaned["name"]),
                summary=cleaned["summary"],
                description=cleaned["description"],
                access=cleaned["access"],
                region=cleaned["region"],
                created_by=creator,
            )
    except IntegrityError as error:  # the same name sent twice at once
        raise ValidationError({"name": "A group with this name already exists: choose another name"}) from error
    group.themes.set(cleaned["themes"])
    GroupServiceArea.objects.bulk_create(GroupServiceArea(group=group, code=c) for c in cleaned["service_codes"])
    Membership.objects.create(
        group=group, user=creator, role=Role.MANAGER, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    selectors.forget_cached_memberships(creator)
    transaction.on_commit(purge_page_cache)
    return group


@transaction.atomic
def join(user, group: CommunityGroup) -> Membership:
    """Join an open group, ask to join a request-to-join group, or accept an invitation."""
    _require_participant(user, "join a group")
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.status == MembershipStatus.INVITED:
        return _activate(membership)
    if membership is not None:
        return membership
    if group.access == Access.INVITE:
        raise NotPermitted("This group is by invitation only")
    status = MembershipStatus.ACTIVE if group.access == Access.OPEN else MembershipStatus.PENDING
    membership = Membership.objects.create(
        group=group, user=user, status=status, joined_at=timezone.now() if status == MembershipStatus.ACTIVE else None
    )
    selectors.forget_cached_memberships(user)
    if status == MembershipStatus.PENDING:
        managers = User.objects.filter(
            group_memberships__group=group,
            group_memberships__role=Role.MANAGER,
            group_memberships__status=MembershipStatus.ACTIVE,
        )
        for manager in managers:
            _email_on_commit("join_requested", manager, group, member=user, manager=manager)
    return membership


def _activate(membership: Membership) -> Membership:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at"])
    selectors.forget_cached_memberships(membership.user)
    return membership


def _other_active_managers(membership: Membership) -> bool:
    return (
        Membership.objects.filter(group_id=membership.group_id, status=MembershipStatus.ACTIVE, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def leave(user, group: CommunityGroup) -> None:
    """Leave a group, withdraw a request to join or decline an invitation."""
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        return
    if membership.is_manager and not _other_active_managers(membership):
        raise Invalid("You are the group's only manager: appoint another manager before you leave")
    membership.delete()
    selectors.forget_cached_memberships(user)


def _require_manager(manager, group) -> None:
    if not selectors.can_manage(manager, group) or is_suspended(manager):
        raise NotPermitted("Only the group's managers can do this")


def _membership_in(group, membership_id) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("user").filter(group=group, pk=membership_id).first()
    )
    if membership is None:
        raise Invalid("That person is not in this group")
    return membership


@transaction.atomic
def approve(manager, group: CommunityGroup, membership_id: int) -> Membership:
    _require_manager(manager, group)
    membership = _membership_in(group, membership_id)
    if membership.status != MembershipStatus.PENDING:
        raise Invalid("That person has not asked to join")
    _email_on_commit("approved", membership.user, group, member=membership.user, manager=manager)
    return _activate(membership)


@transaction.atomic
def refuse(manager, group: CommunityGroup, membership_id: int) -> None:
    _require_manager(manager, group)
    membership = _membership_in(group, membership_id)
    if membership.status != MembershipStatus.PENDING:
        raise Invalid("That person has not asked to join")
    membership.delete()


@transaction.atomic
def remove(manager, group: CommunityGroup, membership_id: int) -> None:
    _require_manager(manager, group)
    membership = _membership_in(group, membership_id)
    if membership.is_manager and not _other_active_managers(membership):
        raise Invalid("A group needs at least one manager: appoint another before removing this one")
    membership.delete()
    selectors.forget_cached_memberships(membership.user)


@transaction.atomic
def set_role(manager, group: CommunityGroup, membership_id: int, role: str) -> Membership:
    """Appoint a member as a manager, or make a manager an ordinary member again."""
    _require_manager(manager, group)
    if role not in Role.values:
        raise Invalid("Choose manager or member")
    membership = _membership_in(group, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise Invalid("Only members of the group can be managers")
    if role == Role.MEMBER and membership.is_manager and not _other_active_managers(membership):
        raise Invalid("A group needs at least one manager")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def invite(manager, group: CommunityGroup, *, email: str) -> Membership:
    """Invite a member by the email address they signed up with; someone who asked to join is let in."""
    _require_manager(manager, group)
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": "Enter the email address of the member to invite"})
    user = User.objects.filter(email__iexact=email, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        raise ValidationError({"email": "No member has this email address: ask them to create an account first"})
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        _email_on_commit("invited", user, group, member=user, manager=manager)
        return Membership.objects.create(group=group, user=user, status=MembershipStatus.INVITED, invited_by=manager)
    if membership.status == MembershipStatus.PENDING:
        _email_on_commit("approved", user, group, member=user, manager=manager)
        return _activate(membership)
    raise ValidationError({"email": f"{user} is already {membership.get_status_display().lower()} in this group"})


def set_digest(user, group: CommunityGroup, *, include: bool) -> None:
    Membership.objects.filter(user=user, group=group, status=MembershipStatus.ACTIVE).update(digest=bool(include))


def _email_on_commit(kind: str, recipient, group: CommunityGroup, **context) -> None:
    """Tell `recipient` by email once the change is saved (never for a change rolled back)."""
    if not recipient.email:
        return
    subject, template = EMAILS[kind]
    context = {
        **context,
        "group": group,
        "group_url": absolute_url(group.get_absolute_url()),
        "groups_url": absolute_url(reverse("communities:directory")),
        "manage_url": absolute_url(reverse("communities:manage", args=[group.slug])),
    }
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.format(group=group.name, member=context.get("member"))
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient.email]))
