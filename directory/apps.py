from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    label = "directory"
    verbose_name = _("Service network directory")

    def ready(self) -> None:
        # Connects the deletion receiver of the change history.
        from . import changes  # noqa: F401
        from .search_documents import register_directory_sources

        # Service points, organisations and projects are searchable: this app says how each
        # becomes a search document (search/registry.py), as content does for stories.
        register_directory_sources()
