"""CSV that is safe to open in a spreadsheet: the one cell rule every CSV the portal writes uses.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or with a tab or a carriage return, which
spreadsheets skip before looking for those) is read by Excel, WPS and LibreOffice as a formula:
``=HYPERLINK(...)`` becomes a link that leaks data, ``+cmd|' /C calc'!A0`` runs a program
(DDE). As OWASP recommends ("CSV Injection"), such a cell is written with a single quote in
front, which the spreadsheet shows as text; the csv module quotes and escapes the rest.

Numbers stay numbers: an int or float, or a text that is just a number (``-12``, ``-0.5``, as
the open-data writer passes every cell as text), is written unchanged, so a negative count is
still a number in the spreadsheet. ``-1+2`` is not a number but a formula, and is neutralised.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value):
    """``value`` as a CSV cell that a spreadsheet shows as written and never evaluates."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def spreadsheet_row(row: Iterable) -> list:
    """Every cell of ``row`` through ``spreadsheet_cell``."""
    return [spreadsheet_cell(value) for value in row]


class SpreadsheetSafeWriter:
    """``csv.writer`` whose rows go through ``spreadsheet_cell``: use it for every CSV written."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow(spreadsheet_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        self._writer.writerows(spreadsheet_row(row) for row in rows)
