"""Keep every member with a profile, and verify council officers when they confirm their email."""

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.ensure_profile(instance)


@receiver(email_confirmed)
def verify_officer_on_email_confirmed(sender, request, email_address, **kwargs):
    services.verify_by_email_domain(email_address.user, email_address.email)
