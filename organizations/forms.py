"""Forms of organisation self-service and moderation: validation lives here, views stay thin."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.documents import CertificateField
from accounts.phones import normalise_cn_mobile
from directory.models import (
    DESCRIPTION_MAX_LENGTH,
    Division,
    Level,
    Organization,
    OrganizationKind,
    OrganizationRating,
    Project,
    ProjectCategory,
    ServicePoint,
    code_prefix,
)
from directory.privacy import validate_no_personal_data, validate_public_contact
from directory.validators import validate_uscc


class DivisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Division) -> str:
        return obj.display_name(_language())


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "zh-hans"


def area_divisions():
    return Division.objects.filter(level__in=[Level.CITY, Level.COUNTY]).order_by("code")


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        validators=[validate_no_personal_data],
    )
    uscc = forms.CharField(
        label=_("Unified Social Credit Code"),
        max_length=24,
        help_text=_("18 characters, as on the registration certificate."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=OrganizationRating.choices, required=False
    )
    rating_certificate = CertificateField(
        label=_("Rating certificate"),
        required=False,
        help_text=_("Required with a rating. PDF, JPEG or PNG."),
    )
    service_area = DivisionChoiceField(
        label=_("Service area"),
        queryset=area_divisions(),
        help_text=_("The cities and counties you serve (hold Ctrl or ⌘ to choose several)."),
    )
    contact_channel = forms.CharField(
        label=_("Public contact channel"),
        max_length=200,
        validators=[validate_public_contact],
        help_text=_("An office line, website or official account. It is published."),
    )
    description = forms.CharField(
        label=_("What you do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[validate_no_personal_data],
    )
    registration_certificate = CertificateField(
        label=_("Registration certificate"), help_text=_("PDF, JPEG or PNG.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = area_divisions()
        self.existing: Organization | None = None

    def clean_uscc(self) -> str:
        code = validate_uscc(self.cleaned_data["uscc"])
        self.existing = Organization.objects.filter(uscc=code).first()
        if self.existing is not None:
            raise ValidationError(
                _(
                    "An organisation with this code is already registered. If you work there, "
                    "ask its owner to let you join."
                ),
                code="duplicate_uscc",
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("rating") and not data.get("rating_certificate"):
            self.add_error(
                "rating_certificate", _("Upload the rating certificate for the rating you give.")
            )
        return data


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the owner"),
        max_length=300,
        required=False,
        help_text=_("Who you are in the organisation."),
    )


class InviteForm(forms.Form):
    contact = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        help_text=_("They receive a link to join."),
    )

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            forms.EmailField().clean(value)
            return value.lower()
        phone = normalise_cn_mobile(value)
        if phone is None:
            raise ValidationError(
                _("Enter an e-mail address or a mainland mobile number."), code="invalid_contact"
            )
        return phone


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            ("registration", _("Registration certificate")),
            ("rating", _("Rating certificate")),
        ],
    )
    file = CertificateField(label=_("File"), help_text=_("PDF, JPEG or PNG."))


class ServicePointChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ServicePoint) -> str:
        return f"{obj.display_name(_language())} ({obj.division.display_name(_language())})"


class ListingForm(forms.ModelForm):
    """A project listing as the organisation writes it; the model checks the 10-day rule."""

    service_points = ServicePointChoiceField(
        label=_("Stations"),
        queryset=ServicePoint.objects.none(),
        required=False,
        help_text=_("Stations where it takes place, in your service area."),
        error_messages={
            "invalid_choice": _(
                "Station %(value)s is not a public station in your organisation's service area."
            )
        },
    )
    divisions = DivisionChoiceField(
        label=_("Places served"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("Or the cities and counties served, when not tied to a station."),
    )
    # The form says what the project is before where it runs: the summary comes before the places.
    field_order = ["title", "title_en", "category", "summary"]

    class Meta:
        model = Project
        # The organisation writes every public field but its own name, which the portal sets.
        fields = [name for name in Project.PUBLIC_FIELDS if name != "organization"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        area = list(organization.service_area.values_list("code", flat=True))
        prefixes = models_q_prefixes(area)
        self.area_prefixes = [code_prefix(code) for code in area]
        self.fields["service_points"].queryset = (
            ServicePoint.objects.public()
            .filter(prefixes)
            .select_related("division")
            .order_by("division__code", "name")
        )
        # Every city and county is accepted by the field, so that one outside the service area
        # is refused by name (clean_divisions), but only those inside it are offered.
        self.fields["divisions"].queryset = area_divisions()
        self.fields["divisions"].widget.choices = [
            (division.pk, division.display_name(_language()))
            for division in area_divisions()
            if self._in_area(division)
        ]
        self.fields["summary"].required = True
        self.fields["how_to_join"].required = True

    def _in_area(self, division: Division) -> bool:
        return any(division.code.startswith(prefix) for prefix in self.area_prefixes)

    def clean_divisions(self):
        divisions = self.cleaned_data["divisions"]
        outside = [d.display_name(_language()) for d in divisions if not self._in_area(d)]
        if outside:
            raise ValidationError(
                _(
                    "Outside your organisation's service area: %(places)s. A listing names only "
                    "places the organisation serves; ask the reviewers to extend the service "
                    "area first."
                ),
                code="outside_service_area",
                params={"places": "、".join(outside)},
            )
        return divisions

    def clean(self):
        data = super().clean()
        if not data.get("service_points") and not data.get("divisions"):
            self.add_error("divisions", _("Choose at least one station or place served."))
        if data.get("category") == ProjectCategory.HOLIDAY_CARE and not (
            data.get("start_date") and data.get("end_date")
        ):
            self.add_error(
                "end_date", _("A holiday camp needs its first and last day (at least 10 days).")
            )
        if not data.get("is_free") and not data.get("cost"):
            self.add_error("cost", _("Say what it costs, or tick “free of charge”."))
        if not data.get("start_date") and not data.get("schedule"):
            self.add_error("schedule", _("Give the dates or a recurring schedule."))
        return data


def models_q_prefixes(codes: list[str]) -> Q:
    """Service points inside any of these divisions (``code_prefix``: a city by its 4 digits)."""
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(division__code__startswith=code_prefix(code))
    return q


class VerificationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verify")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; the organisation reads it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the organisation is rejected."))
        return data


class ModerationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning; the organisation reads them."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comments") or "").strip():
            self.add_error("comments", _("Say what the organisation should change."))
        return data


class OrganizationFilterForm(forms.Form):
    """The public list's filters: plain GET parameters, ignored when invalid."""

    area = forms.ChoiceField(label=_("City or county"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
    rating = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        choices=[("", _("Any rating")), *[c for c in OrganizationRating.choices if c[0]]],
    )
    category = forms.ChoiceField(
        label=_("Project"),
        required=False,
        choices=[("", _("All projects")), *ProjectCategory.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All of Fujian"))] + [
            (d.code, d.display_name(_language())) for d in area_divisions()
        ]

    def usable(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}
