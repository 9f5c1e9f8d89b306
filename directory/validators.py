"""Validators shared by the models, the admin forms and the importer."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

# C0 control characters except tab, line feed and carriage return, and DEL. None belongs in a
# name, address or code, and PostgreSQL refuses NUL in text outright (a crash, not a message).
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored (it holds a control character such as NUL), or None."""
    found = _CONTROL_CHARACTER.search(value)
    if found is None:
        return None
    return f"contains the control character U+{ord(found.group()):04X}"


def validate_uscc(value: str) -> str:
    """The compact, upper-case Unified Social Credit Code, or a ValidationError saying why not."""
    try:
        return uscc.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _(
                "%(value)s is not a valid Unified Social Credit Code: %(reason)s. It has 18 "
                "characters; the last is a check character."
            ),
            params={"value": value, "reason": _reason(error)},
            code="invalid_uscc",
        ) from error


def _reason(error: StdnumError) -> str:
    # InvalidLength is a kind of InvalidFormat: test it first.
    if isinstance(error, InvalidLength):
        return str(_("wrong length"))
    if isinstance(error, InvalidChecksum):
        return str(_("the check character does not match"))
    if isinstance(error, InvalidFormat):
        return str(_("characters not allowed in a code"))
    return str(_("not a valid code"))
