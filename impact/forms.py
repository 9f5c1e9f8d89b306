"""The page's chart options (a GET form: works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import MEASURE_LABELS


class ChartForm(forms.Form):
    measure = forms.ChoiceField(label=_("Figure"), choices=list(MEASURE_LABELS.items()))
    period = forms.ChoiceField(label=_("Quarter"), choices=[])
    region = forms.ChoiceField(label=_("Trend for"), choices=[])

    def __init__(self, *args, quarters, cities, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q, q) for q in reversed(quarters)]
        self.fields["region"].choices = [("350000", _("All of Fujian"))] + [
            (c.code, c.name_en if language.startswith("en") and c.name_en else c.name)
            for c in cities
        ]
