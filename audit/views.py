"""The audit trail in the Wagtail admin: a filterable list, an entry's details, a CSV export."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView

from audit import record
from audit.models import Action, AuditEntry
from spreadsheet import spreadsheet_cell


def _actors(request):
    return get_user_model().objects.filter(
        pk__in=AuditEntry.objects.exclude(actor=None).values("actor_id")
    )


def _actions():
    used = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    labels = dict(Action.choices)
    return sorted(((code, labels.get(code, code)) for code in used), key=lambda c: str(c[1]))


class AuditEntryFilterSet(WagtailFilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("who"), queryset=_actors)
    action = django_filters.ChoiceFilter(label=_("action"), choices=_actions)
    at = django_filters.DateFromToRangeFilter(label=_("when"), widget=DateRangePickerWidget)
    target_type = django_filters.CharFilter(label=_("record type"), lookup_expr="exact")
    target_id = django_filters.CharFilter(label=_("record id"), lookup_expr="exact")

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "at", "target_type", "target_id"]


class AuditIndexView(IndexView):
    """The list; exporting it is itself a sensitive action, so each export is recorded."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        query = self.request.GET.urlencode()
        record(
            self.request.user,
            Action.EXPORT_AUDIT,
            request=self.request,
            detail=f"{spreadsheet_format}: {query}"[:1000],
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def write_csv_row(self, writer, row_dict):
        # The trail holds what visitors sent (a refused request's path): Wagtail writes CSV
        # cells as they are, so one starting with "=" would run as a formula in Excel.
        prepared = {
            field: spreadsheet_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
        return writer.writerow(prepared)
