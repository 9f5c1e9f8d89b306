"""Forms of pairing and the contact log: field-named errors, validation through
``volunteer.pairing`` so that the rules live in one place."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Division
from volunteer import pairing as services
from volunteer.models import AgeBand, ContactType, EndReason, Pairing, Role


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.real_name} · {Role(obj.role).label} · {obj.county.name}"


class PairingForm(forms.Form):
    application = ApplicationChoiceField(
        label=_("Volunteer"),
        queryset=None,
        help_text=_("Only volunteers with a valid approval are listed."),
    )
    county = forms.ModelChoiceField(label=_("Child's county"), queryset=None)
    case_code = forms.CharField(
        label=_("Case code"),
        max_length=40,
        help_text=_("The county centre's case code, e.g. 350429-0012. Never a name or ID number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    started_on = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = services.pairable_applications(user)
        counties = services.reviewable_county_ids(user)
        queryset = Division.objects.filter(level="county")
        self.fields["county"].queryset = (
            queryset if counties is None else queryset.filter(pk__in=counties)
        )
        self.fields["started_on"].initial = timezone.localdate()

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The start date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if "case_code" in data and "county" in data:
            try:
                data["case_code"] = services.clean_case_code(data["case_code"], data["county"])
            except ValidationError as error:
                self.add_error("case_code", error)
        return data


class EndPairingForm(forms.Form):
    ended_on = forms.DateField(
        label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)

    def __init__(self, *args, pairing: Pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairing = pairing
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if day < self.pairing.started_on:
            raise ValidationError(_("The end date cannot be before the start date."))
        if day > timezone.localdate():
            raise ValidationError(_("The end date cannot be in the future."))
        return day


class ContactForm(forms.Form):
    """The volunteer's log entry, made for a phone: few fields, native date picker, no JS."""

    contact_type = forms.ChoiceField(
        label=_("What kind of contact?"), choices=ContactType.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=720,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "5"}),
    )
    note = forms.CharField(
        label=_("Note for the county centre"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by the county centre's reviewers. No names or addresses."),
    )
    concern = forms.BooleanField(
        label=_("I am worried about the child: tell the county centre now"), required=False
    )

    def __init__(self, *args, pairing: Pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairing = pairing
        today = timezone.localdate()
        self.fields["occurred_on"].initial = today
        self.fields["occurred_on"].widget.attrs.update(
            {"max": today.isoformat(), "min": pairing.started_on.isoformat()}
        )

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        services.check_contact_date(self.pairing, day)
        return day
