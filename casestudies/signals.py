"""Never let a citizen story stay live without valid consent, however it was published."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import CitizenStoryPage, StoryConsent


@receiver(page_published, sender=CitizenStoryPage)
def unpublish_story_without_consent(sender, instance, **kwargs):
    from .services import enforce_story_consent

    enforce_story_consent(instance)


@receiver(post_save, sender=StoryConsent)
def unpublish_story_when_consent_ends(sender, instance, **kwargs):
    """An editor who records a withdrawal (or an expiry in the past) in the consent record takes the story down."""
    from .services import enforce_story_consent

    enforce_story_consent(instance.story)
