"""Staff and reviewers must set up TOTP before any reviewer or admin page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import services

PROTECTED = re.compile(r"^/(?:en/)?(?:volunteer|organizations)/review/|^/admin/")


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and PROTECTED.match(request.path_info)
            and services.requires_mfa(user)
            and not services.has_totp(user)
        ):
            messages.warning(
                request,
                _("Reviewers and staff must set up an authenticator app before continuing."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
