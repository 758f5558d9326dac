"""Writes about members: profiles, verification, suspension, deletion and data export."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cop.core.errors import Invalid, NotPermitted
from cop.core.site_url import absolute_url

from . import extensions
from .models import Profile, VerificationMethod, VerificationRequest, VerificationStatus
from .selectors import council_for_email, is_confirmed_email_of, may_review_verifications

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
    # A request waiting for a moderator is answered by the confirmed council address.
    VerificationRequest.objects.filter(user=user, council=council, status=VerificationStatus.PENDING).update(
        status=VerificationStatus.APPROVED, decided_at=timezone.now()
    )
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
    VerificationRequest.objects.filter(user=user).delete()
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
    data["verification_requests"] = [
        {
            "council": r.council.name,
            "role": r.role,
            "work_email": r.work_email,
            "status": r.status,
            "reason": r.reason,
            "asked_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        }
        for r in VerificationRequest.objects.filter(user=user).select_related("council")
    ]
    data.update(extensions.export(user))
    return data


def request_verification(user, *, council, role: str, work_email: str) -> VerificationRequest | None:
    """A member asks to be verified as an officer of `council`.

    An address the member has already confirmed, on the council's allow-listed email domain,
    verifies them at once (None is returned); anything else waits for a moderator.
    """
    profile = ensure_profile(user)
    if profile.is_suspended:
        raise NotPermitted("You cannot ask for verification while your account is suspended.")
    if profile.verified_council_id == council.pk:
        raise Invalid(f"You are already a verified officer of {council}.")
    work_email = work_email.strip()
    if is_confirmed_email_of(user, work_email) and council_for_email(work_email) == council:
        with transaction.atomic():
            verify_by_email_domain(user, work_email)
            _save_role(profile, role)
        return None
    try:
        with transaction.atomic():
            verification = VerificationRequest.objects.create(
                user=user, council=council, role=role, work_email=work_email
            )
            _save_role(profile, role)
    except IntegrityError:
        raise Invalid("You have already asked to be verified. A moderator will decide soon.") from None
    return verification


def _save_role(profile: Profile, role: str) -> None:
    if role and not profile.role:
        profile.role = role
        profile.save(update_fields=["role"])


def approve_verification(verification: VerificationRequest, moderator) -> VerificationRequest:
    if not may_review_verifications(moderator):
        raise NotPermitted("Only moderators and editors can decide verification requests.")
    with transaction.atomic():
        verification = _decide(verification, moderator, VerificationStatus.APPROVED, "")
        verify_by_moderator(verification.user, verification.council, moderator)
    transaction.on_commit(lambda: email_verification_decision(verification.pk))
    return verification


def refuse_verification(verification: VerificationRequest, moderator, *, reason: str) -> VerificationRequest:
    if not may_review_verifications(moderator):
        raise NotPermitted("Only moderators and editors can decide verification requests.")
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise Invalid("Enter the reason for refusing: the member is told it.")
    with transaction.atomic():
        verification = _decide(verification, moderator, VerificationStatus.REFUSED, reason)
    transaction.on_commit(lambda: email_verification_decision(verification.pk))
    return verification


def _decide(verification, moderator, status, reason) -> VerificationRequest:
    """Decide a pending request once: a second moderator deciding the same request is refused."""
    updated = VerificationRequest.objects.filter(pk=verification.pk, status=VerificationStatus.PENDING).update(
        status=status, reason=reason, decided_by=moderator, decided_at=timezone.now(), notice_seen_at=None
    )
    if not updated:
        raise Invalid("This request has already been decided.")
    return VerificationRequest.objects.select_related("user", "council").get(pk=verification.pk)


def email_verification_decision(verification_id: int) -> int:
    """Tell the member the decision by email, at their account's (confirmed) address only: the work
    address they typed is not confirmed, so nothing is sent to it."""
    verification = VerificationRequest.objects.select_related("user", "council").get(pk=verification_id)
    user = verification.user
    if not user.email or user.deleted_at:
        return 0
    recipients = [user.email]
    context = {"verification": verification, "member": user, "profile_url": absolute_url(reverse("members:me"))}
    subject = (
        "You are a verified officer"
        if verification.status == VerificationStatus.APPROVED
        else "Your request to be verified"
    )
    body = render_to_string("members/email/verification_decision.txt", context)
    return send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, recipients)


def mark_verification_notice_seen(verification: VerificationRequest | None) -> None:
    if verification is not None and verification.decided_at and verification.notice_seen_at is None:
        VerificationRequest.objects.filter(pk=verification.pk).update(notice_seen_at=timezone.now())


def forget_member_card(user_id) -> None:
    """Drop the cached member card (cop.members.selectors.member_card) after a change."""
    from django.core.cache import cache

    from .selectors import member_card_key

    cache.delete(member_card_key(user_id))
