"""django-ratelimit on the forms people can abuse; 429 with a readable page.

Rates are settings (``VOLUNTEER_RATE_LIMITS``) read at request time, so an operator can tighten
them and tests can lower them. Only POSTs count: reading a form is never limited.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit


def rate_for(name: str):
    def rate(group, request) -> str:
        return settings.VOLUNTEER_RATE_LIMITS[name]

    return rate


def limited(name: str, key: str = "ip"):
    """Decorator: at most ``VOLUNTEER_RATE_LIMITS[name]`` POSTs per client ``key``."""
    return ratelimit(group=f"volunteer.{name}", key=key, rate=rate_for(name), method="POST")


def ratelimited(request, exception=None):
    """``RATELIMIT_VIEW``: the readable 429 page."""
    return render(request, "volunteer/ratelimited.html", status=429)
