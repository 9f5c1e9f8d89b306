"""Mainland mobile numbers: parsing, validation and E.164 normalisation (with phonenumbers)."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_MOBILE = _("Enter a valid mainland China mobile number, e.g. 138 1234 5678.")


def normalise_cn_mobile(value: str) -> str | None:
    """``'138 1234 5678'`` or ``'+86 138...'`` → ``'+8613812345678'``; None if not a CN mobile."""
    value = (value or "").strip()
    if not value or len(value) > 32:
        return None
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class CnMobileField(forms.CharField):
    """A form field that accepts a mainland mobile number as people write it, cleaned to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        kwargs.pop("validators", None)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        normalised = normalise_cn_mobile(value)
        if normalised is None:
            raise ValidationError(INVALID_MOBILE, code="invalid_phone")
        return normalised
