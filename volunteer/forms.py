"""Forms: the application, the certificate upload and reviewer decisions."""

from __future__ import annotations

import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions

from accounts.documents import CertificateField
from accounts.forms import HoneypotMixin
from accounts.phones import CnMobileField
from directory.models import Division
from volunteer import idcard
from volunteer.models import BackgroundOutcome, Role, Status


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Division) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{parent} {obj.name}".strip()


# Between the parts of a name: the middle dot of minority and foreign names written in Chinese
# (买买提·艾力), and the spaces, hyphens, apostrophes and full stops of names in Latin letters.
NAME_SEPARATORS = frozenset(" ·・•‧-'’.")


def check_real_name(name: str) -> None:
    """A name as on an ID card: letters (with their combining marks) and separators only."""
    if not any(unicodedata.category(c).startswith("L") for c in name) or any(
        c not in NAME_SEPARATORS and unicodedata.category(c)[0] not in "LM" for c in name
    ):
        raise ValidationError(
            _("Enter your name as on your ID card: letters only, with · between its parts."),
            code="name_characters",
        )


class ApplicationForm(HoneypotMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    real_name = forms.CharField(label=_("Real name"), max_length=64)
    id_number = forms.CharField(
        label=_("ID-card number"),
        max_length=24,
        help_text=_("Checked, then only its last four characters and a keyed hash are kept."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = CnMobileField()
    county = CountyChoiceField(
        label=_("County where you will serve"),
        queryset=Division.objects.filter(level="county").select_related("parent"),
    )
    occupation = forms.CharField(label=_("Occupation or sector"), max_length=120)
    availability = forms.CharField(
        label=_("Availability"),
        max_length=200,
        help_text=_("E.g. weekends, two evenings a month."),
    )
    languages = forms.CharField(
        label=_("Languages and dialects"),
        max_length=200,
        help_text=_("E.g. Mandarin, Minnan, Hakka."),
    )
    motivation = forms.CharField(
        label=_("Why do you want to volunteer?"), max_length=2000, widget=forms.Textarea
    )
    certificate = CertificateField(
        label=_("No-criminal-record certificate"),
        required=False,
        help_text=_("PDF, JPEG or PNG. You can also upload it later."),
    )
    privacy_consent = forms.BooleanField(label=_("I have read the privacy notice and agree to it."))
    background_consent = forms.BooleanField(
        label=_("I agree to a background check by the county centre.")
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Labels are questions and sentences: no "：" after "？" or "。".
        self.label_suffix = ""
        self.add_honeypot()

    def clean_real_name(self) -> str:
        name = self.cleaned_data["real_name"]
        check_real_name(name)
        return name

    def clean_id_number(self) -> str:
        number = self.cleaned_data["id_number"]
        try:
            number = idcard.validate(number)
        except stdnum_exceptions.InvalidChecksum as error:
            raise ValidationError(
                _("This ID-card number is not valid: its check character is wrong."),
                code="id_checksum",
            ) from error
        except stdnum_exceptions.ValidationError as error:
            raise ValidationError(
                _("This ID-card number is not valid: check the region, birth date and length."),
                code="id_invalid",
            ) from error
        if idcard.age_on(number, self.today) < idcard.ADULT_AGE:
            raise ValidationError(
                _("Volunteers must be 18 or older on the day they apply."), code="minor"
            )
        return number

    def clean(self):
        cleaned_data = super().clean()
        self.check_honeypot()
        return cleaned_data


class CertificateForm(forms.Form):
    certificate = CertificateField(label=_("No-criminal-record certificate"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why are you withdrawing?"), max_length=500)


class DecisionForm(forms.Form):
    """One vetting step, carrying the version the reviewer saw (optimistic locking)."""

    to_status = forms.ChoiceField(label=_("Next step"), choices=Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (required to reject)"), required=False, widget=forms.Textarea
    )
    background_outcome = forms.ChoiceField(
        label=_("Background check outcome"),
        choices=[("", "—"), *BackgroundOutcome.choices],
        required=False,
    )
    background_checked_on = forms.DateField(
        label=_("Background check date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    background_checking_body = forms.CharField(
        label=_("Checking body"), max_length=120, required=False
    )
    background_officer = forms.CharField(label=_("Checking officer"), max_length=64, required=False)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Status(s).label) for s in allowed]

    def clean(self):
        cleaned_data = super().clean()
        to_status = cleaned_data.get("to_status")
        if to_status == Status.REJECTED and not cleaned_data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        if to_status == Status.BACKGROUND_CHECKED:
            for name in (
                "background_outcome",
                "background_checked_on",
                "background_checking_body",
                "background_officer",
            ):
                if not cleaned_data.get(name):
                    self.add_error(name, _("Required to record the background check."))
            if cleaned_data.get("background_outcome") == BackgroundOutcome.NOT_CLEAR:
                self.add_error(
                    "background_outcome",
                    _("A record was found: reject the application with a reason instead."),
                )
        return cleaned_data

    def background(self) -> dict:
        return {
            "outcome": self.cleaned_data["background_outcome"],
            "checked_on": self.cleaned_data["background_checked_on"],
            "checking_body": self.cleaned_data["background_checking_body"],
            "officer": self.cleaned_data["background_officer"],
        }


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=64)
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level="county"),
        required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=False
    )
    expires_before = forms.DateField(
        label=_("Approval expires before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, counties: set[int] | None = None, **kwargs):
        """``counties``: the reviewer's counties (None: every county, for superusers); the
        county filter offers only those, not all 84 of the province."""
        super().__init__(*args, **kwargs)
        if counties is not None:
            self.fields["county"].queryset = self.fields["county"].queryset.filter(pk__in=counties)
