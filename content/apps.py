from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Pages and brand")

    def ready(self) -> None:
        from content.models import StoryPage
        from content.search_documents import story_documents, story_indexed_as
        from search.contract import STORY
        from search.registry import DocumentSource, register

        # Stories are searchable: indexed when published, removed when unpublished.
        # A translation's publication reindexes the Chinese page's document, which carries it.
        register(DocumentSource(STORY, StoryPage, story_documents, indexed_as=story_indexed_as))
