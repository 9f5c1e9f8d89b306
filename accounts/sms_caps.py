"""Daily caps on text messages: per number (``SMS_DAILY_CAP_PER_NUMBER``) and for the whole
portal (``SMS_DAILY_CAP_TOTAL``), counted in the cache (Redis in production) with atomic
increments, per day in the portal's time zone.

Texts cost money and reach people who did not ask for them: without a cap, anyone could make
the portal text one number all day, or spend the gateway's budget. A text over a cap is not
sent (``SmsCapReached``; sign-up and sign-in answer with the 429 page until midnight). When the
counters cannot be kept (Redis down) no text is sent at all: the caps fail closed.

The counts of the day (sent and refused, per kind) are shown to staff in the Wagtail admin
(Reports → Text messages); numbers that reached their cap are kept only masked.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.ratelimits import CACHE_UNAVAILABLE
from accounts.sms import SmsError, mask_phone

# What a text is for; the staff report counts each kind.
VERIFICATION_CODE = "verification_code"
LOGIN_CODE = "login_code"
ACCOUNT_EXISTS = "account_exists"
UNKNOWN_NUMBER = "unknown_number"  # a sign-in code asked for a number without an account
NOTICE = "notice"
KINDS = {
    VERIFICATION_CODE: _("Sign-up codes"),
    LOGIN_CODE: _("Sign-in codes"),
    ACCOUNT_EXISTS: _("“This number already has an account”"),
    UNKNOWN_NUMBER: _("Sign-in codes asked for numbers without an account (never sent)"),
    NOTICE: _("Notices (applications, invitations, pairings)"),
}
# Counters outlive their day a little, so the report can still read yesterday's late hours.
TTL = 2 * 24 * 3600
CAPPED_SHOWN = 50


class SmsCapReached(SmsError):
    """A daily cap is reached: the text was not sent.

    The refusal is counted by whoever catches it (``count_refusal``), after the sign-up's
    transaction is rolled back: with the database-table cache the counters live in that
    transaction and a count made inside it would be rolled back too.
    """

    def __init__(self, which: str, kind: str, masked_phone: str):
        super().__init__(f"daily SMS cap reached ({which})")
        self.which = which
        self.kind = kind
        self.masked_phone = masked_phone


def seconds_until_tomorrow(now: datetime.datetime | None = None) -> int:
    """Until midnight in the portal's time zone, when the day's counts start again."""
    now = timezone.localtime(now)
    tomorrow = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, int((tomorrow - now).total_seconds()))


def _key(day: datetime.date, *parts: str) -> str:
    return ":".join(["sms", day.isoformat(), *parts])


def _incr(key: str) -> int:
    # add() then incr(): both atomic in Redis and in portal.cache.AtomicDatabaseCache; either
    # raises while Redis is down, and the caller then sends nothing.
    cache.add(key, 0, timeout=TTL)
    return cache.incr(key)


def take(phone: str, kind: str, *, sends: bool = True) -> None:
    """Count one text to ``phone`` against the caps, or raise ``SmsCapReached``.

    ``sends=False`` counts against the number's cap only (nothing will be sent), so that a
    number without an account reaches its cap exactly like one with an account and the refusal
    tells nobody which numbers have one.
    """
    day = timezone.localdate()
    try:
        number_key = salted_hmac("accounts.sms_caps", phone).hexdigest()[:32]
        over = _incr(_key(day, "number", number_key)) > settings.SMS_DAILY_CAP_PER_NUMBER
        which = "number"
        if not over and sends:
            over = _incr(_key(day, "total")) > settings.SMS_DAILY_CAP_TOTAL
            which = "total"
        if over:
            raise SmsCapReached(which, kind, mask_phone(phone))
        if sends:
            _incr(_key(day, "sent", kind))
    except (*CACHE_UNAVAILABLE, ValueError) as error:  # ValueError: a key expired under incr
        raise SmsError(f"SMS counters unavailable: {type(error).__name__}") from error


def count_refusal(refusal: SmsCapReached) -> None:
    """Count a text refused over a cap for the staff report (outside the refused transaction);
    a number over its own cap is listed, masked."""
    day = timezone.localdate()
    try:
        _incr(_key(day, "refused", refusal.kind))
        capped = cache.get(_key(day, "capped"), [])
        if refusal.which == "number" and refusal.masked_phone not in capped:
            cache.set(_key(day, "capped"), [*capped, refusal.masked_phone][-CAPPED_SHOWN:], TTL)
    except (*CACHE_UNAVAILABLE, ValueError):
        pass  # the report loses one count; the text was refused all the same


def counts(day: datetime.date | None = None) -> dict:
    """The day's counts for the staff report: sent and refused per kind, the total sent, the
    caps, and the masked numbers that reached their cap."""
    day = day or timezone.localdate()
    keys = {
        (state, kind): _key(day, state, kind) for state in ("sent", "refused") for kind in KINDS
    }
    found = cache.get_many([*keys.values(), _key(day, "total"), _key(day, "capped")])
    return {
        "day": day,
        "rows": [
            {
                "kind": label,
                "sent": found.get(keys["sent", kind], 0),
                "refused": found.get(keys["refused", kind], 0),
            }
            for kind, label in KINDS.items()
        ],
        "total": found.get(_key(day, "total"), 0),
        "cap_total": settings.SMS_DAILY_CAP_TOTAL,
        "cap_per_number": settings.SMS_DAILY_CAP_PER_NUMBER,
        "capped_numbers": found.get(_key(day, "capped"), []),
    }
