"""The printable A4 poster of a service point: what goes on it, and its QR code.

Posters hang on village noticeboards, so they carry only what the public page shows: the
station's name, level, public address (township only for township-precision points), hours and
the station's service phone, never a person's.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import public
from .hours import Schedule
from .models import LocationPrecision, ServicePoint


@dataclass
class Poster:
    name: str
    name_en: str
    level: str
    address: str
    township_only: bool
    hours: str
    service_phone: str
    page_url: str


def poster_for(point: ServicePoint, page_url: str, language: str) -> Poster:
    """The poster's content for a public point, in ``language`` where that matters."""
    return Poster(
        name=point.name,
        name_en=point.name_en,
        level=point.get_level_display(),
        address=public.public_address(point),
        township_only=point.location_precision == LocationPrecision.TOWNSHIP,
        hours=Schedule.for_point(point).weekly_text("en" if language.startswith("en") else "zh"),
        service_phone=point.service_phone,
        page_url=page_url,
    )


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules for ``data`` with a four-module quiet zone (level M: survives some dirt)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(data: str, label: str) -> SafeString:
    """An inline SVG QR code, one path of unit squares; sized by CSS, crisp at any print size."""
    matrix = qr_matrix(data)
    size = len(matrix)
    squares = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg class="poster-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'role="img" aria-label="{label}" shape-rendering="crispEdges">'
        '<rect width="{size}" height="{size}" fill="#fff"/>{path}</svg>',
        size=size,
        label=label,
        path=mark_safe(f'<path fill="#000" d="{squares}"/>'),  # only digits and path letters
    )
