from django import forms
from django.utils.translation import gettext_lazy as _


class ElderModeForm(forms.Form):
    """The elder-mode switch: on or off, and the page to go back to."""

    on = forms.TypedChoiceField(
        choices=[("1", _("on")), ("0", _("off"))],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Choose on or off."),
            "invalid_choice": _("Choose on or off."),
        },
    )
    next = forms.CharField(required=False, max_length=2000)
