"""The portal's own 403 (CSRF) and 500 handlers; the 403 and 404 pages are templates
(portal/templates/403.html, 404.html) Django's handlers render with the request."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language

from content.models import callable_hotlines
from content.site_setup import DEFAULT_HOTLINES


def csrf_failure(request, reason: str = ""):
    """A refused form (CSRF): the branded 403 page saying what to do, not Django's."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page: no request context and no database (it may be what failed), so the
    help lines are the seeded national ones, not the editors' setting."""
    template = loader.get_template("500.html")
    hotlines = callable_hotlines(DEFAULT_HOTLINES, get_language())
    return HttpResponseServerError(template.render({"hotlines": hotlines}))
