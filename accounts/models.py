"""Accounts' own records: the mobile number an account signs in with, and reviewers' areas.

Both tables were created by the volunteer app and keep their names (``volunteer_*``): the
models moved here without copying or renaming anything (migration 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountPhone(models.Model):
    """The mobile number an account signs in with (allauth stores no phones itself)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_phone"
    )
    phone = models.CharField(_("mobile number"), max_length=20, unique=True)
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        db_table = "volunteer_accountphone"
        verbose_name = _("account mobile number")
        verbose_name_plural = _("account mobile numbers")

    def __str__(self) -> str:
        return f"phone of user {self.user_id}"


class ReviewerScope(models.Model):
    """A county-centre reviewer's area: a county (its applications) or a city (its counties)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_scopes"
    )
    division = models.ForeignKey(
        "directory.Division",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A county, or a city to review all its counties."),
    )

    class Meta:
        db_table = "volunteer_reviewerscope"
        unique_together = [("user", "division")]
        verbose_name = _("reviewer scope")
        verbose_name_plural = _("reviewer scopes")

    def __str__(self) -> str:
        return f"{self.reviewer_name()} · {self.area_name()}"

    def reviewer_name(self) -> str:
        from accounts.services import display_name

        return display_name(self.user)

    reviewer_name.short_description = _("reviewer")

    def area_name(self) -> str:
        return self.division.name

    area_name.short_description = _("area")
