"""Keep every member with a profile, and verify council officers when they confirm their email."""

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from . import services
from .models import Profile, User


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.ensure_profile(instance)


@receiver(email_confirmed)
def verify_officer_on_email_confirmed(sender, request, email_address, **kwargs):
    services.verify_by_email_domain(email_address.user, email_address.email)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def forget_card_on_user_change(sender, instance, raw=False, **kwargs):
    services.forget_member_card(instance.pk)


@receiver(post_save, sender=Profile)
def forget_card_on_profile_change(sender, instance, raw=False, **kwargs):
    services.forget_member_card(instance.user_id)


@receiver(m2m_changed, sender=User.groups.through)
def forget_card_on_group_change(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if reverse and action == "pre_clear":  # group.user_set.clear(): pk_set is not given after
        for user_id in instance.user_set.values_list("pk", flat=True):
            services.forget_member_card(user_id)
    if not action.startswith("post_"):
        return
    if reverse:  # group.user_set changed: each member named
        for user_id in pk_set or ():
            services.forget_member_card(user_id)
    else:
        services.forget_member_card(instance.pk)
