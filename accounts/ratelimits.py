"""django-ratelimit on the forms people can abuse; 429 with a readable page.

Rates are settings (``VOLUNTEER_RATE_LIMITS``) read at request time, so an operator can tighten
them and tests can lower them. Only POSTs count: reading a form is never limited.

When the cache that holds the counters is down (Redis stopped), these forms fail closed: the POST
is refused with a 503 page that says so, because sign-up and sign-in without a limit invite
password guessing and SMS flooding. Everything that only reads keeps working
(``portal.cache.ResilientRedisCache`` treats the outage as an empty cache).
"""

from __future__ import annotations

import ipaddress
import logging
from functools import wraps

from allauth.core.exceptions import RateLimited as AllauthRateLimited
from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

from accounts.sms import DeliveryFailed

log = logging.getLogger(__name__)

# Errors that mean "the counters' store is not there" (the same ones portal.cache's
# ResilientRedisCache lets through from add/incr), as opposed to a bug in the caller.
CACHE_UNAVAILABLE: tuple[type[BaseException], ...] = (RedisError, OSError)

RETRY_AFTER_SECONDS = 60


def rate_for(name: str):
    def rate(group, request) -> str:
        return settings.VOLUNTEER_RATE_LIMITS[name]

    return rate


def limited(name: str, key: str = "ip"):
    """Decorator: at most ``VOLUNTEER_RATE_LIMITS[name]`` POSTs per client ``key``; none at all
    while the counters cannot be kept."""
    group = f"volunteer.{name}"

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                over = is_ratelimited(
                    request, group=group, key=key, rate=rate_for(name), method="POST",
                    increment=True,
                )  # fmt: skip
            except CACHE_UNAVAILABLE as exc:
                log.error("rate limit %s cannot be counted, refusing the POST: %s", group, exc)
                return unavailable(request)
            if over:
                raise Ratelimited()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def client_ip(request) -> str:
    """The visitor's address for the ``ip`` limits (``RATELIMIT_IP_META_KEY`` in production).

    Behind nginx the socket's address is nginx's own (or empty on a unix socket), so every visitor
    would share one limit; nginx overwrites ``X-Real-IP`` with the real one (docs/nginx.conf).
    Only production reads it, where the app is reachable through nginx alone.
    """
    for candidate in (request.META.get("HTTP_X_REAL_IP", ""), request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate.strip()))
        except ValueError:
            continue
    return "0.0.0.0"  # unknown: one shared, strict bucket rather than none


def ratelimited(request, exception=None):
    """``RATELIMIT_VIEW``: the readable 429 page, with when to try again."""
    response = render(request, "accounts/ratelimited.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class AllauthRateLimitedMiddleware:
    """Readable pages, never a 500, for what can stop sign-up, sign-in and 2FA half-way:

    - allauth's ``RateLimited`` where it sends a code (the SMS code of a phone sign-up, a code
      to sign in): the 429 page (before, the fourth phone sign-up a minute was a 500);
    - a daily SMS cap reached (``accounts.sms_caps``): a 429 page, Retry-After until midnight;
    - the SMS gateway or the mail server failing (``accounts.sms.DeliveryFailed``): a 503 page
      saying the message could not be sent;
    - Redis down under allauth's own counters and locks (the TOTP step takes a cache lock, and
      failed-code limits count in the cache): the 503 page of the other fail-closed forms.

    The sign-up view is atomic (accounts/urls.py), so the account it was making is rolled back,
    not left half-made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from accounts.sms_caps import (  # sms_caps imports this module
            SmsCapReached,
            count_refusal,
            seconds_until_tomorrow,
        )

        if isinstance(exception, AllauthRateLimited):
            log.info("allauth rate limit on %s", request.path)
            return ratelimited(request, exception)
        if isinstance(exception, SmsCapReached):
            log.warning("daily SMS cap (%s) reached on %s", exception.which, request.path)
            count_refusal(exception)
            response = render(request, "accounts/sms_cap_reached.html", status=429)
            response["Retry-After"] = str(seconds_until_tomorrow())
            return response
        if isinstance(exception, DeliveryFailed):
            log.error("message not sent on %s: %s", request.path, type(exception).__name__)
            return unavailable(request, "accounts/delivery_unavailable.html")
        if isinstance(exception, RedisError):
            log.error("cache unavailable on %s, refusing: %s", request.path, exception)
            return unavailable(request)
        return None


def unavailable(request, template: str = "accounts/ratelimit_unavailable.html"):
    """The readable 503 page for a form whose rate limit cannot be counted (or, with
    ``template``, whose message could not be sent)."""
    response = render(request, template, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
