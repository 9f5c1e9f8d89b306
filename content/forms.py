"""The story and news indexes' filters: plain GET parameters, ignored when unusable."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from directory.models import ProjectCategory
from directory.validators import control_character_problem


def _no_control_characters(value: str) -> None:
    # PostgreSQL refuses NUL in a query parameter outright: a 500, not "no match".
    if control_character_problem(value) is not None:
        raise ValidationError("control character", code="control_character")


class ArticleFilterForm(forms.Form):
    """``?city=``, ``?category=`` and ``?tag=`` of /stories/ and /news/; an unusable value (a
    control character, an over-long or unknown one) is dropped, never an error page."""

    city = forms.RegexField(regex=r"^\d{6}$", required=False)
    category = forms.ChoiceField(choices=ProjectCategory.choices, required=False)
    tag = forms.CharField(max_length=100, required=False, validators=[_no_control_characters])

    def usable(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}
