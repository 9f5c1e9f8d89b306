from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import map_signals, signals

        # Apps register their sources from their own ready() (directory, content); the handlers
        # of sources registered after this point are connected as they register.
        signals.connect()
        map_signals.connect()
