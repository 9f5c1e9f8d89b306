"""The signed-in person's own page ("My account" in the page header)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import services


@login_required
def my_account(request):
    """Their work first (review area, admin or applications), then the account's settings."""
    user = request.user
    return render(
        request,
        "accounts/my_account.html",
        {
            "name": services.display_name(user),
            "home_path": services.home_path(user),
            "reviewer": services.is_reviewer(user),
            "admin": user.has_perm("wagtailadmin.access_admin"),
            "has_totp": services.has_totp(user),
        },
    )
