from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import map_signals, signals
        from search.documents import register_directory_sources

        register_directory_sources()
        # Apps that register sources later (stories) connect their pages through the generic
        # page_published handler, which looks the source up when the signal arrives.
        signals.connect()
        map_signals.connect()
