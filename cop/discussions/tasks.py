"""Background work: notification emails and the weekly digest (django-tasks)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .emails import send_member_email
from .permissions import can_see_thread

DIGEST_ABSENCE = timedelta(days=7)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    from .models import Notification

    sent = 0
    notifications = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True, read_at__isnull=True
    ).select_related("recipient__profile", "thread__category", "thread__group", "post", "actor")
    for notification in notifications:
        recipient = notification.recipient
        profile = getattr(recipient, "profile", None)
        if not recipient.email or not recipient.is_active or (profile and not profile.email_on_reply):
            continue
        # Asked again when sending: someone who has since left a closed group is not emailed its posts.
        if not can_see_thread(recipient, notification.thread):
            continue
        send_member_email(
            recipient,
            subject=f"{notification.get_kind_display()}: {notification.thread.title}",
            template="notification",
            context={"notification": notification},
            kind="replies",
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task()
def send_weekly_digests() -> int:
    """Email a digest of new discussions to members who have not visited for a week."""
    from cop.communities.selectors import digest_groups_for
    from cop.members.models import Profile

    from .selectors import digest_threads_for

    now = timezone.now()
    cutoff = now - DIGEST_ABSENCE
    profiles = (
        Profile.objects.filter(weekly_digest=True, user__is_active=True, user__deleted_at__isnull=True)
        .exclude(user__email="")
        .exclude(last_seen_at__gt=cutoff)
        .exclude(last_digest_at__gt=cutoff)
        .select_related("user", "verified_council")
    )
    sent = 0
    for profile in profiles.iterator():
        since = max(filter(None, [profile.last_seen_at, profile.last_digest_at, cutoff]))
        threads = digest_threads_for(profile.user, since=since)
        # A section for each of the member's groups with news (each group can be left out of it).
        groups = [(g, digest_threads_for(profile.user, since=since, group=g)) for g in digest_groups_for(profile.user)]
        groups = [(group, group_threads) for group, group_threads in groups if group_threads]
        if not threads and not groups:
            continue
        with transaction.atomic():
            send_member_email(
                profile.user,
                subject="What you missed this week",
                template="digest",
                context={"threads": threads, "groups": groups, "since": since},
                kind="digest",
            )
            Profile.objects.filter(pk=profile.pk).update(last_digest_at=now)
        sent += 1
    return sent
