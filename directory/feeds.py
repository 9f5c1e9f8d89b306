"""The directory's public changelog as an Atom feed (/directory/changes.atom).

Entries name the record and the fields that changed, never the values: the values are in the
open-data downloads, and a value in a log could outlive a record that was later hidden.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from syndication import ConditionalFeed, DatedAtom1Feed

from .changes import changes_since
from .models import ChangeAction, DirectoryChange

FEED_SIZE = 200
MODEL_ROUTES = {
    "servicepoint": "directory:point",
    "organization": "directory:organization",
    "project": "directory:project",
}


def parse_since(text: str | None) -> datetime | None:
    """``modified_after`` as an aware datetime (UTC unless an offset is given, like the API; a
    bare date means its start in UTC), or None.

    A value that is not a date (``nonsense``), not a real one (``2026-13-45``, which Django's
    parsers answer with ValueError) or not one the database can hold in UTC is ignored: the feed
    then lists the latest changes.
    """
    if not text:
        return None
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            if day is None:
                return None
            value = datetime(day.year, day.month, day.day)
        value = value.replace(tzinfo=UTC) if is_naive(value) else value
        # Compared in UTC: 9999-12-31T23:59:59-12:00 is past year 9999 there, and PostgreSQL
        # refuses offsets past ±15:59 (+18:31 is a valid Python offset).
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


class DirectoryChangesFeed(ConditionalFeed, Feed):
    feed_type = DatedAtom1Feed
    title = gettext_lazy("Fulei service directory: changes")
    subtitle = gettext_lazy(
        "Service points, organisations, projects and plaques created, changed or withdrawn."
    )

    def get_object(self, request, *args, **kwargs):
        return parse_since(request.GET.get("modified_after"))

    def link(self):
        return reverse("directory:index")

    def items(self, since):
        return list(changes_since(since)[:FEED_SIZE])

    def item_title(self, change: DirectoryChange) -> str:
        if change.action == ChangeAction.WITHDRAWN:
            # The record is no longer public: name neither it nor what it was.
            return _("%(action)s: %(type)s %(id)s") % {
                "action": change.get_action_display(),
                "type": _type_label(change.model),
                "id": change.object_id,
            }
        return f"{change.get_action_display()}: {change.object_repr}"

    def item_description(self, change: DirectoryChange) -> str:
        fields = [name for name in change.changed_fields if name != "is_demo"]
        if change.action == ChangeAction.UPDATED and fields:
            return _("Changed: %(fields)s") % {"fields": ", ".join(fields)}
        return str(change.get_action_display())

    def item_link(self, change: DirectoryChange) -> str:
        route = MODEL_ROUTES.get(change.model)
        if route and change.action not in (ChangeAction.DELETED, ChangeAction.WITHDRAWN):
            try:
                return reverse(route, args=[int(change.object_id)])
            except (NoReverseMatch, ValueError):
                pass
        return f"{reverse('directory:index')}#change-{change.pk}"

    def item_guid(self, change: DirectoryChange) -> str:
        return f"urn:fulei:directory-change:{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change: DirectoryChange) -> datetime:
        return change.changed_at

    def item_updateddate(self, change: DirectoryChange) -> datetime:
        return change.changed_at


def _type_label(model: str) -> str:
    labels = {
        "servicepoint": _("service point"),
        "organization": _("organisation"),
        "project": _("project"),
        "plaque": _("plaque"),
    }
    return labels.get(model, model)
