"""The /map/ page's query string: filters, text, place and map view, all optional and forgiving.

A page (unlike the API) never answers 400 for a bad parameter: it ignores what it cannot use
and says so, so a mangled shared link still opens the map.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Division, Level, ProjectCategory, ServiceLevel

from .api import MAX_PAGE


def division_choices() -> list:
    """Cities and their counties, grouped, for the city/county filter."""
    rows = Division.objects.filter(level__in=[Level.CITY, Level.COUNTY]).order_by("code")
    cities, counties = [], {}
    for division in rows:
        label = division.display_name(_language())
        if division.level == Level.CITY:
            cities.append((division.code, label))
        else:
            counties.setdefault(division.code[:4], []).append((division.code, label))
    choices: list = [("", _("All cities and counties"))]
    for code, label in cities:
        choices.append(
            (label, [(code, _("All of %(city)s") % {"city": label})] + counties.get(code[:4], []))
        )
    return choices


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "zh-hans"


def _parse_pair(value: str) -> tuple[float, float] | None:
    try:
        first, second = (float(part) for part in value.split(","))
    except ValueError:
        return None
    if -90 <= first <= 90 and -180 <= second <= 180:
        return first, second
    return None


class MapFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *ServiceLevel.choices],
    )
    category = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[("", _("All services")), *ProjectCategory.choices],
    )
    division = forms.ChoiceField(label=_("City or county"), required=False)
    place = forms.CharField(label=_("Near a place"), required=False, max_length=60)
    near = forms.CharField(required=False, widget=forms.HiddenInput)
    # The map view, for deep links; the list follows bbox once the visitor moves the map.
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    z = forms.IntegerField(required=False, min_value=3, max_value=18, widget=forms.HiddenInput)
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)
    # Bounded like the search API's page: a larger number overflowed the database's integer
    # (a 500); out of range, it is dropped like any other unusable value.
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = division_choices()

    def clean_near(self):
        value = self.cleaned_data.get("near") or ""
        return _parse_pair(value) if value else None

    def clean_bbox(self):
        value = self.cleaned_data.get("bbox") or ""
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            return None
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:
            return west, south, east, north
        return None

    def usable(self) -> dict:
        """The valid values; an invalid field is dropped, never an error page."""
        self.is_valid()
        data = {}
        for name in self.fields:
            if name in self.cleaned_data and name not in self.errors:
                data[name] = self.cleaned_data[name]
        return data
