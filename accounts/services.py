"""Who an account is to the portal: reviewer or not, which counties, whether TOTP is required."""

from __future__ import annotations

from accounts.models import ReviewerScope
from directory.models import Division


def is_reviewer(user) -> bool:
    """Superusers and users with at least one ``ReviewerScope``."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or ReviewerScope.objects.filter(user=user).exists())
    )


def requires_mfa(user) -> bool:
    """Staff and reviewers must have TOTP before they see anything of others."""
    return bool(user.is_authenticated and (user.is_staff or is_reviewer(user)))


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def reviewable_city_ids(user) -> set[int]:
    """The cities the user's scopes name (each stands for all its counties)."""
    return set(
        Division.objects.filter(
            level="city", pk__in=ReviewerScope.objects.filter(user=user).values("division")
        ).values_list("pk", flat=True)
    )


def reviewable_county_ids(user) -> set[int] | None:
    """County ids the user may review; None means every county (superusers)."""
    if user.is_superuser:
        return None
    divisions = Division.objects.filter(
        pk__in=ReviewerScope.objects.filter(user=user).values("division")
    )
    counties = set(divisions.filter(level="county").values_list("pk", flat=True))
    counties |= set(
        Division.objects.filter(
            level="county", parent__in=divisions.filter(level="city")
        ).values_list("pk", flat=True)
    )
    return counties


def county_reviewers(county_id: int) -> list:
    """Active users whose scope covers the county: the county itself or its city."""
    parent_id = Division.objects.filter(pk=county_id).values_list("parent_id", flat=True).first()
    scopes = ReviewerScope.objects.filter(
        division_id__in=[d for d in (county_id, parent_id) if d]
    ).select_related("user")
    users = {scope.user.pk: scope.user for scope in scopes if scope.user.is_active}
    return list(users.values())


def verified_contacts(user) -> set[str]:
    """The account's e-mail addresses (lower-cased) and verified mobile number."""
    from allauth.account.models import EmailAddress

    from accounts.models import AccountPhone

    contacts = {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        contacts.add(user.email.lower())
    contacts |= set(
        AccountPhone.objects.filter(user=user, verified=True).values_list("phone", flat=True)
    )
    return contacts


def mask_phone(phone: str) -> str:
    """A mainland number as people write it, middle digits hidden: ``138****5678``."""
    digits = phone.removeprefix("+86")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def mask_email(address: str) -> str:
    """An address with its local part hidden but for the first character: ``z***@example.org``."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def display_name(user) -> str:
    """What the portal calls a person on screen, in messages and e-mails (allauth's
    ``ACCOUNT_USER_DISPLAY`` and the ``display_name`` filter): the name they gave, otherwise
    their masked mobile number or e-mail address. Never the user name, which is a machine
    identifier ("user3") for people who signed up by phone."""
    from django.utils.translation import gettext

    from accounts.models import AccountPhone

    if user is None or not getattr(user, "pk", None):
        return ""
    name = user.get_full_name().strip()
    if name:
        return name
    phone = AccountPhone.objects.filter(user=user).values_list("phone", flat=True).first()
    if phone:
        return mask_phone(phone)
    if user.email:
        return mask_email(user.email)
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user).values_list("email", flat=True).first()
    if address:
        return mask_email(address)
    return gettext("Account %(number)s") % {"number": user.pk}


def home_path(user) -> str:
    """Where a person's work is: reviewers the review area, Wagtail staff the admin, everyone
    else their own applications. Sign-in lands here (unless ?next= says otherwise), and the
    header's "My account" page leads here first."""
    from django.urls import reverse

    if user.is_authenticated and not user.is_superuser and is_reviewer(user):
        return reverse("volunteer_review")
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return reverse("volunteer_status")


def signed_in_recently(request) -> bool:
    """Whether this session signed in (password, code or TOTP) within allauth's
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT``."""
    import time

    from allauth.account import app_settings
    from allauth.account.internal.flows.login import get_authentication_records

    if request is None or not request.user.is_authenticated:
        return False
    records = [
        record
        for record in get_authentication_records(request, request.user)
        if record.get("method") in app_settings.REAUTHENTICATION_METHODS
    ]
    return bool(records) and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT
