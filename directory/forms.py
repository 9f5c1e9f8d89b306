"""Admin forms for the directory: coordinates in any Chinese datum, USCC validation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .coordinates import Datum, in_fujian, to_wgs84
from .validators import validate_uscc


def coordinate_errors(latitude: float, longitude: float) -> dict[str, str]:
    """Field → message for a WGS-84 point outside Fujian; empty when the point is inside."""
    from django.conf import settings

    if in_fujian(latitude, longitude):
        return {}
    bounds = settings.FUJIAN_BOUNDS
    errors = {}
    if not bounds["south"] <= latitude <= bounds["north"]:
        errors["latitude"] = _(
            "Latitude %(value)s is outside Fujian (%(south)s–%(north)s). Check the coordinate "
            "system and that latitude and longitude are not swapped."
        ) % {"value": latitude, "south": bounds["south"], "north": bounds["north"]}
    if not bounds["west"] <= longitude <= bounds["east"]:
        errors["longitude"] = _(
            "Longitude %(value)s is outside Fujian (%(west)s–%(east)s). Check the coordinate "
            "system and that latitude and longitude are not swapped."
        ) % {"value": longitude, "west": bounds["west"], "east": bounds["east"]}
    return errors


class CoordinateFormMixin(forms.Form):
    """Adds a coordinate-system choice; ``clean`` stores the point converted to WGS-84."""

    datum = forms.ChoiceField(
        label=_("coordinate system"),
        choices=Datum.choices,
        initial=Datum.WGS84,
        required=False,
        help_text=_(
            "The system the latitude and longitude above were copied from. Points from Amap, "
            "Tencent or Baidu are converted to WGS-84 when saved."
        ),
    )

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if latitude is None or longitude is None:
            return data
        datum = data.get("datum") or Datum.WGS84
        # Check the typed point first: converting nonsense (e.g. 0, 0) would hide the typo.
        errors = coordinate_errors(latitude, longitude)
        if not errors:
            latitude, longitude = to_wgs84(latitude, longitude, datum)
            errors = coordinate_errors(latitude, longitude)
        for field, message in errors.items():
            self.add_error(field, message)
        if not errors:
            data["latitude"], data["longitude"] = latitude, longitude
            # The form now shows WGS-84, so a re-submitted form must not convert twice.
            data["datum"] = Datum.WGS84
        return data


class ServicePointForm(CoordinateFormMixin, WagtailAdminModelForm):
    """The admin form of a service point."""


class OrganizationForm(WagtailAdminModelForm):
    """The admin form of an organisation: the USCC is checked and stored compact."""

    def clean_uscc(self):
        return validate_uscc(self.cleaned_data.get("uscc", ""))
