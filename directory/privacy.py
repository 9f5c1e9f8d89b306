"""Personal-data screening of published free text: one module for every form, page and import.

Everything an organisation, an editor or an import writes into a field that is published (a
description, a listing's summary, a story's body, a plaque's awarding body...) is checked here
for what must never be public (DESIGN.md §4): a phone number in any format (found by the
``phonenumbers`` matcher, which knows mainland numbering, not by a hand-written pattern), an
e-mail address and a resident ID-card number (18 characters with a valid GB 11643 check
character, or the old 15-digit form). A field that holds one is refused with a message naming
what was found; the caller names the field.

Two policies:

- free text (``validate_no_personal_data``) refuses every phone number, mobile or landline: a
  number belongs in a contact field, where it is checked as one;
- a contact field meant to publish an organisation's own line (``validate_public_contact``:
  an organisation's contact channel, a listing's "how to join") accepts fixed lines, 400/800
  numbers, websites and official accounts, and refuses mobile numbers, e-mail addresses and ID
  numbers.

A station's service phone (``ServicePoint.service_phone``) is published by design and is not
screened here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import unquote

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType
from stdnum.cn import ric

# Numbers an organisation may publish as its own: office landlines and 400/800 service numbers.
OFFICE_NUMBER_TYPES = frozenset(
    {
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
)
# "Valid" leniency: the digits must form a number that exists in the numbering plan, so dates,
# division codes, coordinates and hotlines such as 12355 are not taken for phone numbers, while
# any punctuation between the digits (138.1234.5678, (0591) 8765 4321, +86 138-1234-5678) is.
_LENIENCY = Leniency.VALID
_REGION = "CN"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# The date part keeps 18- and 15-digit numbers that merely happen to be long (a count, a code)
# from being checked at all; the check character then decides for the 18-character form.
_ID_18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)
_ID_15 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)

KIND_LABELS = {
    "mobile": _("a mobile phone number"),
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "id_card": _("an ID-card number"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text: its kind and the text as written."""

    kind: str
    text: str


def _programme_addresses() -> set[str]:
    """The programme's own organisational addresses, published by design."""
    return {
        settings.DIRECTORY_CORRECTIONS_EMAIL.lower(),
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
    }


def _readable_forms(text: str) -> list[str]:
    """The text as a reader sees it: HTML entities and %-escapes decoded, full-width characters
    folded (NFKC), and, for rich text, both the markup (where tel:/mailto: links hide) and the
    words without tags (where a number split by tags joins up again)."""
    decoded = unicodedata.normalize("NFKC", html.unescape(unquote(text)))
    forms = [decoded]
    if "<" in decoded:
        forms.append(unicodedata.normalize("NFKC", html.unescape(strip_tags(text))))
    return forms


def _check_character_ok(number: str) -> bool:
    # stdnum computes the check character from a full 18-character number (it skips the last).
    return ric.calc_check_digit(number) == number[17].upper()


def find_personal_data(text: str, *, allow_office_lines: bool = False) -> list[Finding]:
    """Every phone number, e-mail address and ID-card number in ``text`` (plain or rich text).

    With ``allow_office_lines`` a fixed line or 400/800 number is not reported (contact fields).
    """
    if not text:
        return []
    found: list[Finding] = []
    allowed_addresses = _programme_addresses()
    for form in _readable_forms(text):
        for match in _ID_18.finditer(form):
            if _check_character_ok(match.group()):
                found.append(Finding("id_card", match.group()))
        found += [Finding("id_card", match.group()) for match in _ID_15.finditer(form)]
        for match in PhoneNumberMatcher(form, _REGION, leniency=_LENIENCY):
            kind = phonenumbers.number_type(match.number)
            if kind == PhoneNumberType.MOBILE:
                found.append(Finding("mobile", match.raw_string))
            elif not (allow_office_lines and kind in OFFICE_NUMBER_TYPES):
                found.append(Finding("phone", match.raw_string))
        found += [
            Finding("email", match.group())
            for match in _EMAIL.finditer(form)
            if match.group().lower() not in allowed_addresses
        ]
    return list(dict.fromkeys(found))


def personal_data_error(findings: list[Finding]) -> ValidationError:
    """The error shown next to a field: what was found, and why it cannot be published."""
    first = findings[0]
    return ValidationError(
        _(
            "This text is published: remove %(kind)s (“%(text)s”). Public pages never carry a "
            "person's phone number, e-mail address or ID-card number; give an office line, "
            "website or official account in the contact field instead."
        ),
        code="personal_data",
        params={"kind": KIND_LABELS[first.kind], "text": first.text},
    )


def screen_text(value: str, *, allow_office_lines: bool = False) -> None:
    """Raise a ValidationError when ``value`` holds personal data (see ``find_personal_data``)."""
    findings = find_personal_data(value, allow_office_lines=allow_office_lines)
    if findings:
        raise personal_data_error(findings)


@deconstructible(path="directory.privacy.NoPersonalData")
class NoPersonalData:
    """A field validator: the published text holds no personal data (model and form fields)."""

    def __init__(self, allow_office_lines: bool = False):
        self.allow_office_lines = allow_office_lines

    def __call__(self, value) -> None:
        if isinstance(value, str):
            screen_text(value, allow_office_lines=self.allow_office_lines)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, NoPersonalData)
            and other.allow_office_lines == self.allow_office_lines
        )

    def __hash__(self) -> int:
        return hash(self.allow_office_lines)


validate_no_personal_data = NoPersonalData()
validate_public_contact = NoPersonalData(allow_office_lines=True)


def strings_in_stream(data) -> list[str]:
    """Every text a StreamField's raw data holds (rich text as HTML), without block ids and types.

    Walks the stored form (lists of ``{"type", "value", "id"}``, struct values as dicts) so that
    every block, present or future, is screened without naming it here.
    """
    found: list[str] = []
    if isinstance(data, str):
        found.append(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                found += strings_in_stream(value)
    elif isinstance(data, (list, tuple)):
        for item in data:
            found += strings_in_stream(item)
    return found


def screen_fields(values: dict[str, object], contact_fields: tuple[str, ...] = ()) -> None:
    """Screen several published fields at once; the ValidationError maps each field to its error.

    ``values`` maps a field name to a string, or to a list of strings (a StreamField's texts).
    """
    errors = {}
    for name, value in values.items():
        texts = value if isinstance(value, list) else [value]
        findings = [
            finding
            for text in texts
            if isinstance(text, str)
            for finding in find_personal_data(text, allow_office_lines=name in contact_fields)
        ]
        if findings:
            errors[name] = personal_data_error(findings)
    if errors:
        raise ValidationError(errors)
