"""Never let a citizen story stay live without valid consent, however it was published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import CitizenStoryPage


@receiver(page_published, sender=CitizenStoryPage)
def unpublish_story_without_consent(sender, instance, **kwargs):
    from .services import enforce_story_consent

    enforce_story_consent(instance)
