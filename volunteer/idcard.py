"""Resident identity card numbers: validation, adulthood, and the keyed hash we keep instead.

The full number is never stored: only an HMAC-SHA256 under ``settings.ID_HASH_KEY`` (so the
same card applying twice is detected, yet the number cannot be recovered by hashing all 10^17
candidates without the key) and its last four characters for a reviewer to compare with the card.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

ADULT_AGE = 18


def compact(number: str) -> str:
    """The number without spaces, with an upper-case check character."""
    return ric.compact(number or "").upper()


def validate(number: str) -> str:
    """The compact number if its check digit, birth date and region are valid; raises otherwise."""
    return ric.validate(compact(number))


def is_valid(number: str) -> bool:
    try:
        validate(number)
    except stdnum_exceptions.ValidationError:
        return False
    return True


def birth_date(number: str) -> datetime.date:
    return ric.get_birth_date(compact(number))


def age_on(number: str, day: datetime.date) -> int:
    born = birth_date(number)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def keyed_hash(number: str) -> str:
    """HMAC-SHA256 of the compact number under ``ID_HASH_KEY``, hex."""
    key = settings.ID_HASH_KEY.encode()
    return hmac.new(key, compact(number).encode(), hashlib.sha256).hexdigest()


def last_four(number: str) -> str:
    return compact(number)[-4:]
