"""Sign-up: a mainland mobile number or an e-mail address, and a honeypot against bots."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "contact_website"


class HoneypotMixin:
    """A field people never see (hidden by CSS) and bots fill in: a filled one rejects the form."""

    def add_honeypot(self) -> None:
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(
                attrs={"tabindex": "-1", "autocomplete": "off", "class": "hp-field"}
            ),
        )

    def check_honeypot(self) -> None:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("The form could not be sent. Please try again."))


class SignupForm(HoneypotMixin, AllauthSignupForm):
    """Sign up with a mainland mobile number (confirmed by an SMS code) or an e-mail address
    (confirmed by a link), plus a password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile number")
        self.fields["phone"].help_text = _("Or leave it empty and give an e-mail address.")
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("Only if you did not give a mobile number.")
        self.add_honeypot()
        self.order_fields(["phone", "email", "password1", "password2"])

    def validate_unique_email(self, value: str) -> str:
        # Strict enumeration protection: an address already registered is not refused (that
        # told anyone who is a volunteer or a reviewer). allauth then creates no account, sends
        # the owner an "someone tried to sign up" e-mail and shows the same "check your e-mail"
        # page as for a new address (accounts.adapter.VerifiedEmailStage). allauth's own
        # "strict" would instead make a second account with the same address, because
        # verification is "optional" here.
        self.account_already_exists = EmailAddress.objects.filter(email__iexact=value).exists()
        if not self.account_already_exists:
            self.account_already_exists = (
                get_user_model().objects.filter(email__iexact=value).exists()
            )
        return value

    def clean(self):
        cleaned_data = super().clean()
        self.check_honeypot()
        has_phone = bool(cleaned_data.get("phone"))
        has_email = bool(cleaned_data.get("email"))
        if not self.has_error("phone") and not self.has_error("email"):
            if has_phone and has_email:
                raise ValidationError(_("Give a mobile number or an e-mail address, not both."))
            if not has_phone and not has_email:
                raise ValidationError(_("Give a mobile number or an e-mail address."))
        return cleaned_data


class ReviewerChoiceField(forms.ModelChoiceField):
    """Accounts by the name the portal shows (never the machine user name) and number."""

    def label_from_instance(self, obj) -> str:
        from accounts.services import display_name

        return f"{display_name(obj)} · #{obj.pk}"


class AreaChoiceField(forms.ModelChoiceField):
    """Cities and counties as "福州市 · 鼓楼区", so two counties of one name stay apart."""

    def label_from_instance(self, obj) -> str:
        return (
            f"{obj.parent.name} · {obj.name}" if obj.level == "county" and obj.parent else obj.name
        )


def reviewer_scope_form_class():
    """The Wagtail admin's form for giving a reviewer an area (accounts/wagtail_hooks.py)."""
    from django.contrib.auth import get_user_model
    from wagtail.admin.forms import WagtailAdminModelForm

    from directory.models import Division

    class ReviewerScopeForm(WagtailAdminModelForm):
        user = ReviewerChoiceField(
            label=_("Reviewer"),
            queryset=get_user_model().objects.filter(is_active=True).order_by("pk"),
        )
        division = AreaChoiceField(
            label=_("Area"),
            queryset=Division.objects.filter(level__in=["city", "county"])
            .select_related("parent")
            .order_by("code"),
            help_text=_("A county, or a city to review all its counties."),
        )

    return ReviewerScopeForm


class LoginForm(AllauthLoginForm):
    """Phone first: most people sign in with their mobile number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Mobile number or e-mail address")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """A sign-in code by text first, by e-mail second."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "phone" in self.fields:
            self.fields["phone"].label = _("Mobile number")
            self.order_fields(["phone", "email"])
        if "email" in self.fields:
            self.fields["email"].widget.attrs.pop("placeholder", None)
