"""The page's chart options (a GET form: works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import MEASURE_LABELS


class ChartForm(forms.Form):
    # Each option may be left out (or be stale in a bookmarked URL): the page then uses its
    # default for that one option only.
    measure = forms.ChoiceField(
        label=_("Figure"), choices=list(MEASURE_LABELS.items()), required=False
    )
    period = forms.ChoiceField(label=_("Quarter"), choices=[], required=False)
    region = forms.ChoiceField(label=_("Trend for"), choices=[], required=False)

    def __init__(self, *args, quarters, cities, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q, q) for q in reversed(quarters)]
        self.fields["region"].choices = [("350000", _("All of Fujian"))] + [
            (c.code, c.name_en if language.startswith("en") and c.name_en else c.name)
            for c in cities
        ]
