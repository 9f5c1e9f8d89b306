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
