"""Connects model and Wagtail page events to index tasks. No logic here beyond working out
which (source, ids) an event concerns; the task re-reads visibility when it runs.

Tasks are enqueued when the transaction commits, so they see the final state even when the
writer changes visibility with queryset.update() after saving (e.g. a thread's visibility
follows its opening post).
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .registry import registry

logger = logging.getLogger(__name__)


def _enqueue(source_key: str, ids: list) -> None:
    from .tasks import reindex_objects

    try:
        reindex_objects.enqueue(source_key, [str(i) for i in ids])
    except Exception:  # noqa: BLE001 - an unavailable queue must not break the edit
        logger.exception("sitesearch: could not enqueue re-indexing of %s %s", source_key, ids)


def schedule(source_key: str, ids) -> None:
    ids = [i for i in ids if i is not None]
    if ids:
        transaction.on_commit(partial(_enqueue, source_key, ids))


def _affected(instance) -> list[tuple[str, list]]:
    affected = []
    for source in registry.all():
        model = source.model
        if isinstance(instance, model):
            affected.append((source.key, [instance.pk]))
        for watched_model, ids_for in source.watched().items():
            if isinstance(instance, watched_model):
                try:
                    affected.append((source.key, list(ids_for(instance))))
                except Exception:  # noqa: BLE001 - e.g. a related row already deleted
                    logger.exception("sitesearch: could not work out what %r affects", instance)
    return affected


def on_save(sender, instance, raw=False, **kwargs):
    # Pages are indexed when published or unpublished; saving a draft changes nothing visible.
    if raw or isinstance(instance, Page):
        return
    for source_key, ids in _affected(instance):
        schedule(source_key, ids)


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        for source in registry.all():
            if issubclass(source.model, Page):
                schedule(source.key, [instance.pk])
        return
    for source_key, ids in _affected(instance):
        schedule(source_key, ids)


def on_page_event(sender, instance, **kwargs):
    for source in registry.all():
        if isinstance(instance, source.model):
            schedule(source.key, [instance.pk])


def on_m2m_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not isinstance(instance, Page):
        for source_key, ids in _affected(instance):
            schedule(source_key, ids)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="sitesearch_post_save")
    post_delete.connect(on_delete, dispatch_uid="sitesearch_post_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="sitesearch_m2m_changed")
    page_published.connect(on_page_event, dispatch_uid="sitesearch_page_published")
    page_unpublished.connect(on_page_event, dispatch_uid="sitesearch_page_unpublished")
