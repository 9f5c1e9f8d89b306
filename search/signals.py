"""Keep the index in step with the directory and published pages, after the transaction commits
(the admin's save is not slowed by segmentation, and a rolled-back save indexes nothing)."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from search.registry import source_for_model, sources

logger = logging.getLogger(__name__)


def _safely(action, obj) -> None:

    try:
        action(obj)
    except Exception:  # the index may lag; saving a record must never fail because of it
        logger.exception("search indexing failed for %r", obj)


def _on_save(sender, instance, **kwargs) -> None:
    from search import service

    if kwargs.get("raw"):
        return
    transaction.on_commit(partial(_safely, service.index_object, instance))


def _on_delete(sender, instance, **kwargs) -> None:
    from search import service

    transaction.on_commit(partial(_safely, service.remove_object, instance))


def _on_m2m(sender, instance, action, **kwargs) -> None:
    from search import service

    if action in ("post_add", "post_remove", "post_clear") and source_for_model(type(instance)):
        transaction.on_commit(partial(_safely, service.index_object, instance))


def _on_page_published(sender, instance, **kwargs) -> None:
    from search import service

    page = instance.specific
    if source_for_model(type(page)):
        transaction.on_commit(partial(_safely, service.index_object, page))


def _on_page_moved(sender, instance, **kwargs) -> None:
    from search import service

    # The page's URL and those of every page below it changed (moving a story index moves its
    # stories): their documents are written again with the new URLs.
    pages = instance.get_descendants(inclusive=True).live().specific()
    transaction.on_commit(partial(_safely, service.index_pages, pages))


def _on_page_unpublished(sender, instance, **kwargs) -> None:
    from search import service

    page = instance.specific
    if source_for_model(type(page)):
        transaction.on_commit(partial(_safely, service.remove_object, page))


_connected = False


def connect_source(source) -> None:
    """Connect the save/delete handlers of one registered source (once search is ready)."""
    from wagtail.models import Page

    if not _connected or issubclass(source.model, Page):
        return  # pages are indexed when published or moved, not when a draft is saved
    uid = f"search-{source.type}"
    post_save.connect(_on_save, sender=source.model, dispatch_uid=uid + "-save")
    post_delete.connect(_on_delete, sender=source.model, dispatch_uid=uid + "-delete")
    for field in source.model._meta.many_to_many:
        m2m_changed.connect(
            _on_m2m, sender=field.remote_field.through, dispatch_uid=uid + field.name
        )


def connect() -> None:
    """Connect the handlers for every registered source (called from SearchConfig.ready)."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    global _connected
    _connected = True
    for source in sources():
        connect_source(source)
    page_published.connect(_on_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid="search-page-moved")
