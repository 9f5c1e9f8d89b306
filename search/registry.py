"""Which models are searchable and how each becomes documents.

Each app registers its own sources from its ``AppConfig.ready`` (the directory's service
points, organisations and projects in ``directory/search_documents.py``, the content app's
stories in ``content/search_documents.py``)::

    from search.registry import DocumentSource, register
    register(DocumentSource(type="story", model=StoryPage, documents=story_documents))

``documents(pks)`` yields the documents of the *public* records among ``pks`` (all public
records when ``pks`` is None); a pk that yields nothing is removed from the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model

from search.contract import SearchDocument

DocumentsFunction = Callable[[Iterable | None], Iterable[SearchDocument]]


@dataclass(frozen=True)
class DocumentSource:
    type: str  # a search.contract document type
    model: type[Model]
    documents: DocumentsFunction
    # Other (type, pks) whose documents show this record's data: reindexed with it.
    dependents: Callable[[Model], Iterable[tuple[str, list]]] | None = None
    # The pks of the documents that carry this record, when not its own pk (a story's English
    # translation is part of the Chinese page's document).
    indexed_as: Callable[[Model], Iterable] | None = None


_sources: dict[str, DocumentSource] = {}


def register(source: DocumentSource) -> None:
    _sources[source.type] = source
    from search import signals

    signals.connect_source(source)  # a no-op until search's own ready() has run


def sources() -> list[DocumentSource]:
    return list(_sources.values())


def source_for_type(doc_type: str) -> DocumentSource | None:
    return _sources.get(doc_type)


def source_for_model(model: type[Model]) -> DocumentSource | None:
    for source in _sources.values():
        if issubclass(model, source.model):
            return source
    return None
