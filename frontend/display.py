"""Elder-friendly display mode: larger type, higher contrast, a simpler layout.

Many children's guardians are grandparents. The mode is remembered per browser in a cookie and
applied on the server (a class on <html>), so a page never flashes in the small type first, and
switching it is a plain link: no JavaScript needed.
"""

from __future__ import annotations

from django.http import HttpRequest

ELDER_MODE_COOKIE = "elder_mode"
# A year: a grandparent should not have to find the switch again next month.
ELDER_MODE_MAX_AGE = 365 * 24 * 60 * 60


def elder_mode_on(request: HttpRequest) -> bool:
    """Whether this browser asked for the elder-friendly mode."""
    return request.COOKIES.get(ELDER_MODE_COOKIE) == "1"
