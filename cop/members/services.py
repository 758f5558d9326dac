"""Writes about members: profiles, verification, suspension, deletion and data export."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import extensions
from .models import Profile, VerificationMethod
from .selectors import council_for_email

LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def ensure_moderators_group():
    """The "Moderators" group, able to open the Wagtail admin (for the review queue)."""
    from django.contrib.auth.models import Group, Permission

    from .selectors import MODERATORS_GROUP

    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin:
        group.permissions.add(access_admin)
    return group


def ensure_profile(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def save_profile(form) -> Profile:
    """Save a validated ProfileForm: the profile, its expertise tags and the member's name, all or nothing."""
    return form.save()


def verify_by_email_domain(user, email: str | None = None) -> Profile:
    """Mark the member a verified officer if their (verified) email address is on a council allow-list.

    A member verified by a moderator keeps that verification.
    """
    profile = ensure_profile(user)
    council = council_for_email(email or user.email)
    if council is None:
        return profile
    if profile.verified_council_id and profile.verification_method == VerificationMethod.MODERATOR:
        return profile
    profile.verified_council = council
    profile.verification_method = VerificationMethod.EMAIL_DOMAIN
    profile.verified_at = timezone.now()
    profile.verified_by = None
    if profile.organisation_id is None and not profile.other_organisation:
        profile.organisation = council
    profile.save()
    return profile


def verify_by_moderator(user, council, moderator) -> Profile:
    profile = ensure_profile(user)
    profile.verified_council = council
    profile.verification_method = VerificationMethod.MODERATOR
    profile.verified_at = timezone.now()
    profile.verified_by = moderator
    if profile.organisation_id is None:
        profile.organisation = council
    profile.save()
    return profile


def revoke_verification(user) -> Profile:
    profile = ensure_profile(user)
    profile.verified_council = None
    profile.verification_method = ""
    profile.verified_at = None
    profile.verified_by = None
    profile.save()
    return profile


def suspend_member(user, *, days: int, reason: str) -> Profile:
    profile = ensure_profile(user)
    profile.suspended_until = timezone.now() + timedelta(days=days)
    profile.suspension_reason = reason
    profile.save(update_fields=["suspended_until", "suspension_reason"])
    return profile


def lift_suspension(user) -> Profile:
    profile = ensure_profile(user)
    profile.suspended_until = None
    profile.suspension_reason = ""
    profile.save(update_fields=["suspended_until", "suspension_reason"])
    return profile


def touch_last_seen(user) -> None:
    """Record a visit (at most one write every few minutes) so digests go only to absent members."""
    now = timezone.now()
    updated = (
        Profile.objects.filter(user=user).exclude(last_seen_at__gt=now - LAST_SEEN_RESOLUTION).update(last_seen_at=now)
    )
    if not updated and not Profile.objects.filter(user=user).exists():
        Profile.objects.create(user=user, last_seen_at=now)


@transaction.atomic
def delete_account(user) -> None:
    """Erase the member's identity but keep their posts, shown as "Former member"."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    Profile.objects.filter(user=user).delete()
    user.username = f"former-member-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # Watching and notifications (discussions) are personal data with no value once the member has
    # gone: each app that holds some registered its part in cop.members.extensions.
    extensions.forget(user)


def export_member_data(user) -> dict:
    """Everything we hold about a member, for the "download your data" link (JSON)."""
    profile = ensure_profile(user)
    data = {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "organisation": profile.organisation.name if profile.organisation_id else None,
            "organisation_gss_code": profile.organisation.gss_code if profile.organisation_id else None,
            "other_organisation": profile.other_organisation,
            "role": profile.role,
            "region": profile.region,
            "areas_of_expertise": sorted(tag.name for tag in profile.expertise.all()),
            "bio": profile.bio,
            "email_visibility": profile.email_visibility,
            "show_in_directory": profile.show_in_directory,
            "verified_council": profile.verified_council.name if profile.verified_council_id else None,
            "email_on_reply": profile.email_on_reply,
            "weekly_digest": profile.weekly_digest,
        },
    }
    data.update(extensions.export(user))
    return data


def forget_member_card(user_id) -> None:
    """Drop the cached member card (cop.members.selectors.member_card) after a change."""
    from django.core.cache import cache

    from .selectors import member_card_key

    cache.delete(member_card_key(user_id))
