"""Purge cached anonymous pages whenever published content changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .cache import purge_page_cache


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publish(sender, **kwargs):
    purge_page_cache()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_page_cache()
